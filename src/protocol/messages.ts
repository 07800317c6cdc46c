// Short aliases of the generated message interfaces (`Electric.Satellite.I*`).
// The interfaces describe what an encoder accepts (every field optional);
// decoders return instances of the generated classes, which implement them
// with every scalar field filled in (proto3 defaults).
import type { Electric } from './generated/satellite.js';

export type ISatRpcRequest = Electric.Satellite.ISatRpcRequest;
export type ISatRpcResponse = Electric.Satellite.ISatRpcResponse;
export type ISatAuthHeaderPair = Electric.Satellite.ISatAuthHeaderPair;
export type ISatAuthReq = Electric.Satellite.ISatAuthReq;
export type ISatAuthResp = Electric.Satellite.ISatAuthResp;
export type ISatErrorResp = Electric.Satellite.ISatErrorResp;
export type ISatInStartReplicationReq = Electric.Satellite.ISatInStartReplicationReq;
export type ISatInStartReplicationResp = Electric.Satellite.ISatInStartReplicationResp;
export type ISatInStopReplicationReq = Electric.Satellite.ISatInStopReplicationReq;
export type ISatInStopReplicationResp = Electric.Satellite.ISatInStopReplicationResp;
export type ISatRelationColumn = Electric.Satellite.ISatRelationColumn;
export type ISatRelation = Electric.Satellite.ISatRelation;
export type ISatOpLog = Electric.Satellite.ISatOpLog;
export type ISatOpLogAck = Electric.Satellite.ISatOpLogAck;
export type ISatTransOp = Electric.Satellite.ISatTransOp;
export type ISatOpBegin = Electric.Satellite.ISatOpBegin;
export type ISatOpCommit = Electric.Satellite.ISatOpCommit;
export type ISatOpAdditionalBegin = Electric.Satellite.ISatOpAdditionalBegin;
export type ISatOpAdditionalCommit = Electric.Satellite.ISatOpAdditionalCommit;
export type ISatOpInsert = Electric.Satellite.ISatOpInsert;
export type ISatOpUpdate = Electric.Satellite.ISatOpUpdate;
export type ISatOpDelete = Electric.Satellite.ISatOpDelete;
export type ISatOpCompensation = Electric.Satellite.ISatOpCompensation;
export type ISatOpGone = Electric.Satellite.ISatOpGone;
export type ISatOpRow = Electric.Satellite.ISatOpRow;
export type ISatOpMigrate = Electric.Satellite.ISatOpMigrate;
export type ISatSubsReq = Electric.Satellite.ISatSubsReq;
export type ISatSubsResp = Electric.Satellite.ISatSubsResp;
export type ISatUnsubsReq = Electric.Satellite.ISatUnsubsReq;
export type ISatUnsubsResp = Electric.Satellite.ISatUnsubsResp;
export type ISatShapeReq = Electric.Satellite.ISatShapeReq;
export type ISatShapeDef = Electric.Satellite.ISatShapeDef;
export type ISatSubsDataError = Electric.Satellite.ISatSubsDataError;
export type ISatSubsDataBegin = Electric.Satellite.ISatSubsDataBegin;
export type ISatSubsDataEnd = Electric.Satellite.ISatSubsDataEnd;
export type ISatUnsubsDataBegin = Electric.Satellite.ISatUnsubsDataBegin;
export type ISatUnsubsDataEnd = Electric.Satellite.ISatUnsubsDataEnd;
export type ISatShapeDataBegin = Electric.Satellite.ISatShapeDataBegin;
export type ISatShapeDataEnd = Electric.Satellite.ISatShapeDataEnd;
export type ISatClientCommand = Electric.Satellite.ISatClientCommand;
export type ISatPerms = Electric.Satellite.ISatPerms;
