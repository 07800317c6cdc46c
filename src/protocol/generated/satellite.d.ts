// GENERATED FILE — do not edit. Produced by `npm run proto` (scripts/proto.mjs)
// from src/protocol/satellite.proto with protobufjs-cli (pbjs static-module / pbts).
import * as $protobuf from "protobufjs";
export namespace Electric {

    namespace Satellite {

        interface ISatRpcRequest {
            method?: (string|null);
            requestId?: (number|null);
            message?: (Uint8Array|null);
        }

        class SatRpcRequest implements ISatRpcRequest {
            constructor(properties?: Electric.Satellite.ISatRpcRequest);
            public method: string;
            public requestId: number;
            public message: Uint8Array;
            public static encode(message: Electric.Satellite.ISatRpcRequest, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatRpcRequest;
        }

        interface ISatRpcResponse {
            method?: (string|null);
            requestId?: (number|null);
            message?: (Uint8Array|null);
            error?: (Electric.Satellite.ISatErrorResp|null);
        }

        class SatRpcResponse implements ISatRpcResponse {
            constructor(properties?: Electric.Satellite.ISatRpcResponse);
            public method: string;
            public requestId: number;
            public message?: (Uint8Array|null);
            public error?: (Electric.Satellite.ISatErrorResp|null);
            public result?: ("message"|"error");
            public static encode(message: Electric.Satellite.ISatRpcResponse, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatRpcResponse;
        }

        enum SatAuthHeader {
            UNSPECIFIED = 0
        }

        interface ISatAuthHeaderPair {
            key?: (Electric.Satellite.SatAuthHeader|null);
            value?: (string|null);
        }

        class SatAuthHeaderPair implements ISatAuthHeaderPair {
            constructor(properties?: Electric.Satellite.ISatAuthHeaderPair);
            public key: Electric.Satellite.SatAuthHeader;
            public value: string;
            public static encode(message: Electric.Satellite.ISatAuthHeaderPair, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatAuthHeaderPair;
        }

        interface ISatAuthReq {
            id?: (string|null);
            token?: (string|null);
            headers?: (Electric.Satellite.ISatAuthHeaderPair[]|null);
        }

        class SatAuthReq implements ISatAuthReq {
            constructor(properties?: Electric.Satellite.ISatAuthReq);
            public id: string;
            public token: string;
            public headers: Electric.Satellite.ISatAuthHeaderPair[];
            public static encode(message: Electric.Satellite.ISatAuthReq, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatAuthReq;
        }

        interface ISatAuthResp {
            id?: (string|null);
            headers?: (Electric.Satellite.ISatAuthHeaderPair[]|null);
        }

        class SatAuthResp implements ISatAuthResp {
            constructor(properties?: Electric.Satellite.ISatAuthResp);
            public id: string;
            public headers: Electric.Satellite.ISatAuthHeaderPair[];
            public static encode(message: Electric.Satellite.ISatAuthResp, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatAuthResp;
        }

        interface ISatErrorResp {
            errorType?: (Electric.Satellite.SatErrorResp.ErrorCode|null);
            lsn?: (Uint8Array|null);
            message?: (string|null);
        }

        class SatErrorResp implements ISatErrorResp {
            constructor(properties?: Electric.Satellite.ISatErrorResp);
            public errorType: Electric.Satellite.SatErrorResp.ErrorCode;
            public lsn?: (Uint8Array|null);
            public message?: (string|null);
            public static encode(message: Electric.Satellite.ISatErrorResp, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatErrorResp;
        }

        namespace SatErrorResp {

            enum ErrorCode {
                INTERNAL = 0,
                AUTH_REQUIRED = 1,
                AUTH_FAILED = 2,
                REPLICATION_FAILED = 3,
                INVALID_REQUEST = 4,
                PROTO_VSN_MISMATCH = 5,
                SCHEMA_VSN_MISMATCH = 6,
                PERMISSION_DENIED = 7
            }
        }

        interface ISatInStartReplicationReq {
            lsn?: (Uint8Array|null);
            options?: (Electric.Satellite.SatInStartReplicationReq.Option[]|null);
            subscriptionIds?: (string[]|null);
            schemaVersion?: (string|null);
            observedTransactionData?: (number[]|null);
            sqlDialect?: (Electric.Satellite.SatInStartReplicationReq.Dialect|null);
            observedGoneBatch?: (string[]|null);
        }

        class SatInStartReplicationReq implements ISatInStartReplicationReq {
            constructor(properties?: Electric.Satellite.ISatInStartReplicationReq);
            public lsn: Uint8Array;
            public options: Electric.Satellite.SatInStartReplicationReq.Option[];
            public subscriptionIds: string[];
            public schemaVersion?: (string|null);
            public observedTransactionData: number[];
            public sqlDialect?: (Electric.Satellite.SatInStartReplicationReq.Dialect|null);
            public observedGoneBatch: string[];
            public static encode(message: Electric.Satellite.ISatInStartReplicationReq, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatInStartReplicationReq;
        }

        namespace SatInStartReplicationReq {

            enum Option {
                NONE = 0
            }

            enum Dialect {
                SQLITE = 0,
                POSTGRES = 1
            }
        }

        interface ISatInStartReplicationResp {
            err?: (Electric.Satellite.SatInStartReplicationResp.IReplicationError|null);
            unackedWindowSize?: (number|null);
        }

        class SatInStartReplicationResp implements ISatInStartReplicationResp {
            constructor(properties?: Electric.Satellite.ISatInStartReplicationResp);
            public err?: (Electric.Satellite.SatInStartReplicationResp.IReplicationError|null);
            public unackedWindowSize?: (number|null);
            public static encode(message: Electric.Satellite.ISatInStartReplicationResp, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatInStartReplicationResp;
        }

        namespace SatInStartReplicationResp {

            interface IReplicationError {
                code?: (Electric.Satellite.SatInStartReplicationResp.ReplicationError.Code|null);
                message?: (string|null);
            }

            class ReplicationError implements IReplicationError {
                constructor(properties?: Electric.Satellite.SatInStartReplicationResp.IReplicationError);
                public code: Electric.Satellite.SatInStartReplicationResp.ReplicationError.Code;
                public message: string;
                public static encode(message: Electric.Satellite.SatInStartReplicationResp.IReplicationError, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatInStartReplicationResp.ReplicationError;
            }

            namespace ReplicationError {

                enum Code {
                    CODE_UNSPECIFIED = 0,
                    BEHIND_WINDOW = 1,
                    INVALID_POSITION = 2,
                    SUBSCRIPTION_NOT_FOUND = 3,
                    MALFORMED_LSN = 4,
                    UNKNOWN_SCHEMA_VSN = 5
                }
            }
        }

        interface ISatInStopReplicationReq {
        }

        class SatInStopReplicationReq implements ISatInStopReplicationReq {
            constructor(properties?: Electric.Satellite.ISatInStopReplicationReq);
            public static encode(message: Electric.Satellite.ISatInStopReplicationReq, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatInStopReplicationReq;
        }

        interface ISatInStopReplicationResp {
        }

        class SatInStopReplicationResp implements ISatInStopReplicationResp {
            constructor(properties?: Electric.Satellite.ISatInStopReplicationResp);
            public static encode(message: Electric.Satellite.ISatInStopReplicationResp, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatInStopReplicationResp;
        }

        interface ISatRelationColumn {
            name?: (string|null);
            type?: (string|null);
            primaryKey?: (boolean|null);
            isNullable?: (boolean|null);
        }

        class SatRelationColumn implements ISatRelationColumn {
            constructor(properties?: Electric.Satellite.ISatRelationColumn);
            public name: string;
            public type: string;
            public primaryKey: boolean;
            public isNullable: boolean;
            public static encode(message: Electric.Satellite.ISatRelationColumn, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatRelationColumn;
        }

        interface ISatRelation {
            schemaName?: (string|null);
            tableType?: (Electric.Satellite.SatRelation.RelationType|null);
            tableName?: (string|null);
            relationId?: (number|null);
            columns?: (Electric.Satellite.ISatRelationColumn[]|null);
        }

        class SatRelation implements ISatRelation {
            constructor(properties?: Electric.Satellite.ISatRelation);
            public schemaName: string;
            public tableType: Electric.Satellite.SatRelation.RelationType;
            public tableName: string;
            public relationId: number;
            public columns: Electric.Satellite.ISatRelationColumn[];
            public static encode(message: Electric.Satellite.ISatRelation, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatRelation;
        }

        namespace SatRelation {

            enum RelationType {
                TABLE = 0,
                INDEX = 1,
                VIEW = 2,
                TRIGGER = 3
            }
        }

        interface ISatOpLog {
            ops?: (Electric.Satellite.ISatTransOp[]|null);
        }

        class SatOpLog implements ISatOpLog {
            constructor(properties?: Electric.Satellite.ISatOpLog);
            public ops: Electric.Satellite.ISatTransOp[];
            public static encode(message: Electric.Satellite.ISatOpLog, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpLog;
        }

        interface ISatOpLogAck {
            ackTimestamp?: (number|null);
            lsn?: (Uint8Array|null);
            transactionId?: (number|null);
            subscriptionIds?: (string[]|null);
            additionalDataSourceIds?: (number[]|null);
            goneSubscriptionIds?: (string[]|null);
        }

        class SatOpLogAck implements ISatOpLogAck {
            constructor(properties?: Electric.Satellite.ISatOpLogAck);
            public ackTimestamp: number;
            public lsn: Uint8Array;
            public transactionId: number;
            public subscriptionIds: string[];
            public additionalDataSourceIds: number[];
            public goneSubscriptionIds: string[];
            public static encode(message: Electric.Satellite.ISatOpLogAck, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpLogAck;
        }

        interface ISatTransOp {
            begin?: (Electric.Satellite.ISatOpBegin|null);
            commit?: (Electric.Satellite.ISatOpCommit|null);
            update?: (Electric.Satellite.ISatOpUpdate|null);
            insert?: (Electric.Satellite.ISatOpInsert|null);
            "delete"?: (Electric.Satellite.ISatOpDelete|null);
            migrate?: (Electric.Satellite.ISatOpMigrate|null);
            compensation?: (Electric.Satellite.ISatOpCompensation|null);
            gone?: (Electric.Satellite.ISatOpGone|null);
            additionalBegin?: (Electric.Satellite.ISatOpAdditionalBegin|null);
            additionalCommit?: (Electric.Satellite.ISatOpAdditionalCommit|null);
        }

        class SatTransOp implements ISatTransOp {
            constructor(properties?: Electric.Satellite.ISatTransOp);
            public begin?: (Electric.Satellite.ISatOpBegin|null);
            public commit?: (Electric.Satellite.ISatOpCommit|null);
            public update?: (Electric.Satellite.ISatOpUpdate|null);
            public insert?: (Electric.Satellite.ISatOpInsert|null);
            public delete?: (Electric.Satellite.ISatOpDelete|null);
            public migrate?: (Electric.Satellite.ISatOpMigrate|null);
            public compensation?: (Electric.Satellite.ISatOpCompensation|null);
            public gone?: (Electric.Satellite.ISatOpGone|null);
            public additionalBegin?: (Electric.Satellite.ISatOpAdditionalBegin|null);
            public additionalCommit?: (Electric.Satellite.ISatOpAdditionalCommit|null);
            public op?: ("begin"|"commit"|"update"|"insert"|"delete"|"migrate"|"compensation"|"gone"|"additionalBegin"|"additionalCommit");
            public static encode(message: Electric.Satellite.ISatTransOp, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatTransOp;
        }

        interface ISatOpBegin {
            commitTimestamp?: (number|null);
            lsn?: (Uint8Array|null);
            origin?: (string|null);
            isMigration?: (boolean|null);
            additionalDataRef?: (number|null);
            transactionId?: (number|null);
        }

        class SatOpBegin implements ISatOpBegin {
            constructor(properties?: Electric.Satellite.ISatOpBegin);
            public commitTimestamp: number;
            public lsn: Uint8Array;
            public origin?: (string|null);
            public isMigration: boolean;
            public additionalDataRef: number;
            public transactionId?: (number|null);
            public static encode(message: Electric.Satellite.ISatOpBegin, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpBegin;
        }

        interface ISatOpCommit {
            commitTimestamp?: (number|null);
            lsn?: (Uint8Array|null);
            additionalDataRef?: (number|null);
            transactionId?: (number|null);
        }

        class SatOpCommit implements ISatOpCommit {
            constructor(properties?: Electric.Satellite.ISatOpCommit);
            public commitTimestamp: number;
            public lsn: Uint8Array;
            public additionalDataRef: number;
            public transactionId?: (number|null);
            public static encode(message: Electric.Satellite.ISatOpCommit, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpCommit;
        }

        interface ISatOpAdditionalBegin {
            ref?: (number|null);
        }

        class SatOpAdditionalBegin implements ISatOpAdditionalBegin {
            constructor(properties?: Electric.Satellite.ISatOpAdditionalBegin);
            public ref: number;
            public static encode(message: Electric.Satellite.ISatOpAdditionalBegin, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpAdditionalBegin;
        }

        interface ISatOpAdditionalCommit {
            ref?: (number|null);
        }

        class SatOpAdditionalCommit implements ISatOpAdditionalCommit {
            constructor(properties?: Electric.Satellite.ISatOpAdditionalCommit);
            public ref: number;
            public static encode(message: Electric.Satellite.ISatOpAdditionalCommit, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpAdditionalCommit;
        }

        interface ISatOpInsert {
            relationId?: (number|null);
            rowData?: (Electric.Satellite.ISatOpRow|null);
            tags?: (string[]|null);
        }

        class SatOpInsert implements ISatOpInsert {
            constructor(properties?: Electric.Satellite.ISatOpInsert);
            public relationId: number;
            public rowData?: (Electric.Satellite.ISatOpRow|null);
            public tags: string[];
            public static encode(message: Electric.Satellite.ISatOpInsert, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpInsert;
        }

        interface ISatOpUpdate {
            relationId?: (number|null);
            rowData?: (Electric.Satellite.ISatOpRow|null);
            oldRowData?: (Electric.Satellite.ISatOpRow|null);
            tags?: (string[]|null);
        }

        class SatOpUpdate implements ISatOpUpdate {
            constructor(properties?: Electric.Satellite.ISatOpUpdate);
            public relationId: number;
            public rowData?: (Electric.Satellite.ISatOpRow|null);
            public oldRowData?: (Electric.Satellite.ISatOpRow|null);
            public tags: string[];
            public static encode(message: Electric.Satellite.ISatOpUpdate, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpUpdate;
        }

        interface ISatOpDelete {
            relationId?: (number|null);
            oldRowData?: (Electric.Satellite.ISatOpRow|null);
            tags?: (string[]|null);
        }

        class SatOpDelete implements ISatOpDelete {
            constructor(properties?: Electric.Satellite.ISatOpDelete);
            public relationId: number;
            public oldRowData?: (Electric.Satellite.ISatOpRow|null);
            public tags: string[];
            public static encode(message: Electric.Satellite.ISatOpDelete, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpDelete;
        }

        interface ISatOpCompensation {
            relationId?: (number|null);
            pkData?: (Electric.Satellite.ISatOpRow|null);
            tags?: (string[]|null);
        }

        class SatOpCompensation implements ISatOpCompensation {
            constructor(properties?: Electric.Satellite.ISatOpCompensation);
            public relationId: number;
            public pkData?: (Electric.Satellite.ISatOpRow|null);
            public tags: string[];
            public static encode(message: Electric.Satellite.ISatOpCompensation, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpCompensation;
        }

        interface ISatOpGone {
            relationId?: (number|null);
            pkData?: (Electric.Satellite.ISatOpRow|null);
        }

        class SatOpGone implements ISatOpGone {
            constructor(properties?: Electric.Satellite.ISatOpGone);
            public relationId: number;
            public pkData?: (Electric.Satellite.ISatOpRow|null);
            public static encode(message: Electric.Satellite.ISatOpGone, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpGone;
        }

        interface ISatOpRow {
            nullsBitmask?: (Uint8Array|null);
            values?: (Uint8Array[]|null);
        }

        class SatOpRow implements ISatOpRow {
            constructor(properties?: Electric.Satellite.ISatOpRow);
            public nullsBitmask: Uint8Array;
            public values: Uint8Array[];
            public static encode(message: Electric.Satellite.ISatOpRow, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpRow;
        }

        interface ISatOpMigrate {
            version?: (string|null);
            stmts?: (Electric.Satellite.SatOpMigrate.IStmt[]|null);
            table?: (Electric.Satellite.SatOpMigrate.ITable|null);
            enumType?: (Electric.Satellite.SatOpMigrate.IEnumType|null);
        }

        class SatOpMigrate implements ISatOpMigrate {
            constructor(properties?: Electric.Satellite.ISatOpMigrate);
            public version: string;
            public stmts: Electric.Satellite.SatOpMigrate.IStmt[];
            public table?: (Electric.Satellite.SatOpMigrate.ITable|null);
            public enumType?: (Electric.Satellite.SatOpMigrate.IEnumType|null);
            public affectedEntity?: ("table"|"enumType");
            public static encode(message: Electric.Satellite.ISatOpMigrate, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpMigrate;
        }

        namespace SatOpMigrate {

            enum Type {
                CREATE_TABLE = 0,
                CREATE_INDEX = 1,
                CREATE_ENUM_TYPE = 2,
                ALTER_ADD_COLUMN = 6
            }

            interface IStmt {
                type?: (Electric.Satellite.SatOpMigrate.Type|null);
                sql?: (string|null);
            }

            class Stmt implements IStmt {
                constructor(properties?: Electric.Satellite.SatOpMigrate.IStmt);
                public type: Electric.Satellite.SatOpMigrate.Type;
                public sql: string;
                public static encode(message: Electric.Satellite.SatOpMigrate.IStmt, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpMigrate.Stmt;
            }

            interface IPgColumnType {
                name?: (string|null);
                array?: (number[]|null);
                size?: (number[]|null);
            }

            class PgColumnType implements IPgColumnType {
                constructor(properties?: Electric.Satellite.SatOpMigrate.IPgColumnType);
                public name: string;
                public array: number[];
                public size: number[];
                public static encode(message: Electric.Satellite.SatOpMigrate.IPgColumnType, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpMigrate.PgColumnType;
            }

            interface IColumn {
                name?: (string|null);
                sqliteType?: (string|null);
                pgType?: (Electric.Satellite.SatOpMigrate.IPgColumnType|null);
            }

            class Column implements IColumn {
                constructor(properties?: Electric.Satellite.SatOpMigrate.IColumn);
                public name: string;
                public sqliteType: string;
                public pgType?: (Electric.Satellite.SatOpMigrate.IPgColumnType|null);
                public static encode(message: Electric.Satellite.SatOpMigrate.IColumn, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpMigrate.Column;
            }

            interface IForeignKey {
                fkCols?: (string[]|null);
                pkTable?: (string|null);
                pkCols?: (string[]|null);
            }

            class ForeignKey implements IForeignKey {
                constructor(properties?: Electric.Satellite.SatOpMigrate.IForeignKey);
                public fkCols: string[];
                public pkTable: string;
                public pkCols: string[];
                public static encode(message: Electric.Satellite.SatOpMigrate.IForeignKey, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpMigrate.ForeignKey;
            }

            interface ITable {
                name?: (string|null);
                columns?: (Electric.Satellite.SatOpMigrate.IColumn[]|null);
                fks?: (Electric.Satellite.SatOpMigrate.IForeignKey[]|null);
                pks?: (string[]|null);
            }

            class Table implements ITable {
                constructor(properties?: Electric.Satellite.SatOpMigrate.ITable);
                public name: string;
                public columns: Electric.Satellite.SatOpMigrate.IColumn[];
                public fks: Electric.Satellite.SatOpMigrate.IForeignKey[];
                public pks: string[];
                public static encode(message: Electric.Satellite.SatOpMigrate.ITable, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpMigrate.Table;
            }

            interface IEnumType {
                name?: (string|null);
                values?: (string[]|null);
            }

            class EnumType implements IEnumType {
                constructor(properties?: Electric.Satellite.SatOpMigrate.IEnumType);
                public name: string;
                public values: string[];
                public static encode(message: Electric.Satellite.SatOpMigrate.IEnumType, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatOpMigrate.EnumType;
            }
        }

        interface ISatSubsReq {
            subscriptionId?: (string|null);
            shapeRequests?: (Electric.Satellite.ISatShapeReq[]|null);
        }

        class SatSubsReq implements ISatSubsReq {
            constructor(properties?: Electric.Satellite.ISatSubsReq);
            public subscriptionId: string;
            public shapeRequests: Electric.Satellite.ISatShapeReq[];
            public static encode(message: Electric.Satellite.ISatSubsReq, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatSubsReq;
        }

        interface ISatSubsResp {
            subscriptionId?: (string|null);
            err?: (Electric.Satellite.SatSubsResp.ISatSubsError|null);
        }

        class SatSubsResp implements ISatSubsResp {
            constructor(properties?: Electric.Satellite.ISatSubsResp);
            public subscriptionId: string;
            public err?: (Electric.Satellite.SatSubsResp.ISatSubsError|null);
            public static encode(message: Electric.Satellite.ISatSubsResp, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatSubsResp;
        }

        namespace SatSubsResp {

            interface ISatSubsError {
                code?: (Electric.Satellite.SatSubsResp.SatSubsError.Code|null);
                message?: (string|null);
                shapeRequestError?: (Electric.Satellite.SatSubsResp.SatSubsError.IShapeReqError[]|null);
            }

            class SatSubsError implements ISatSubsError {
                constructor(properties?: Electric.Satellite.SatSubsResp.ISatSubsError);
                public code: Electric.Satellite.SatSubsResp.SatSubsError.Code;
                public message: string;
                public shapeRequestError: Electric.Satellite.SatSubsResp.SatSubsError.IShapeReqError[];
                public static encode(message: Electric.Satellite.SatSubsResp.ISatSubsError, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatSubsResp.SatSubsError;
            }

            namespace SatSubsError {

                enum Code {
                    CODE_UNSPECIFIED = 0,
                    SUBSCRIPTION_ID_ALREADY_EXISTS = 1,
                    SHAPE_REQUEST_ERROR = 2
                }

                interface IShapeReqError {
                    code?: (Electric.Satellite.SatSubsResp.SatSubsError.ShapeReqError.Code|null);
                    message?: (string|null);
                    requestId?: (string|null);
                }

                class ShapeReqError implements IShapeReqError {
                    constructor(properties?: Electric.Satellite.SatSubsResp.SatSubsError.IShapeReqError);
                    public code: Electric.Satellite.SatSubsResp.SatSubsError.ShapeReqError.Code;
                    public message: string;
                    public requestId: string;
                    public static encode(message: Electric.Satellite.SatSubsResp.SatSubsError.IShapeReqError, writer?: $protobuf.Writer): $protobuf.Writer;
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatSubsResp.SatSubsError.ShapeReqError;
                }

                namespace ShapeReqError {

                    enum Code {
                        CODE_UNSPECIFIED = 0,
                        TABLE_NOT_FOUND = 1,
                        REFERENTIAL_INTEGRITY_VIOLATION = 2,
                        EMPTY_SHAPE_DEFINITION = 3,
                        DUPLICATE_TABLE_IN_SHAPE_DEFINITION = 4,
                        INVALID_WHERE_CLAUSE = 5,
                        INVALID_INCLUDE_TREE = 6
                    }
                }
            }
        }

        interface ISatUnsubsReq {
            subscriptionIds?: (string[]|null);
        }

        class SatUnsubsReq implements ISatUnsubsReq {
            constructor(properties?: Electric.Satellite.ISatUnsubsReq);
            public subscriptionIds: string[];
            public static encode(message: Electric.Satellite.ISatUnsubsReq, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatUnsubsReq;
        }

        interface ISatUnsubsResp {
        }

        class SatUnsubsResp implements ISatUnsubsResp {
            constructor(properties?: Electric.Satellite.ISatUnsubsResp);
            public static encode(message: Electric.Satellite.ISatUnsubsResp, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatUnsubsResp;
        }

        interface ISatShapeReq {
            requestId?: (string|null);
            shapeDefinition?: (Electric.Satellite.ISatShapeDef|null);
        }

        class SatShapeReq implements ISatShapeReq {
            constructor(properties?: Electric.Satellite.ISatShapeReq);
            public requestId: string;
            public shapeDefinition?: (Electric.Satellite.ISatShapeDef|null);
            public static encode(message: Electric.Satellite.ISatShapeReq, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatShapeReq;
        }

        interface ISatShapeDef {
            selects?: (Electric.Satellite.SatShapeDef.ISelect[]|null);
        }

        class SatShapeDef implements ISatShapeDef {
            constructor(properties?: Electric.Satellite.ISatShapeDef);
            public selects: Electric.Satellite.SatShapeDef.ISelect[];
            public static encode(message: Electric.Satellite.ISatShapeDef, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatShapeDef;
        }

        namespace SatShapeDef {

            interface IRelation {
                foreignKey?: (string[]|null);
                select?: (Electric.Satellite.SatShapeDef.ISelect|null);
            }

            class Relation implements IRelation {
                constructor(properties?: Electric.Satellite.SatShapeDef.IRelation);
                public foreignKey: string[];
                public select?: (Electric.Satellite.SatShapeDef.ISelect|null);
                public static encode(message: Electric.Satellite.SatShapeDef.IRelation, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatShapeDef.Relation;
            }

            interface ISelect {
                tablename?: (string|null);
                where?: (string|null);
                include?: (Electric.Satellite.SatShapeDef.IRelation[]|null);
                schemaname?: (string|null);
            }

            class Select implements ISelect {
                constructor(properties?: Electric.Satellite.SatShapeDef.ISelect);
                public tablename: string;
                public where: string;
                public include: Electric.Satellite.SatShapeDef.IRelation[];
                public schemaname?: (string|null);
                public static encode(message: Electric.Satellite.SatShapeDef.ISelect, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatShapeDef.Select;
            }
        }

        interface ISatSubsDataError {
            code?: (Electric.Satellite.SatSubsDataError.Code|null);
            message?: (string|null);
            subscriptionId?: (string|null);
            shapeRequestError?: (Electric.Satellite.SatSubsDataError.IShapeReqError[]|null);
        }

        class SatSubsDataError implements ISatSubsDataError {
            constructor(properties?: Electric.Satellite.ISatSubsDataError);
            public code: Electric.Satellite.SatSubsDataError.Code;
            public message: string;
            public subscriptionId: string;
            public shapeRequestError: Electric.Satellite.SatSubsDataError.IShapeReqError[];
            public static encode(message: Electric.Satellite.ISatSubsDataError, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatSubsDataError;
        }

        namespace SatSubsDataError {

            enum Code {
                CODE_UNSPECIFIED = 0,
                SHAPE_DELIVERY_ERROR = 1
            }

            interface IShapeReqError {
                code?: (Electric.Satellite.SatSubsDataError.ShapeReqError.Code|null);
                message?: (string|null);
                requestId?: (string|null);
            }

            class ShapeReqError implements IShapeReqError {
                constructor(properties?: Electric.Satellite.SatSubsDataError.IShapeReqError);
                public code: Electric.Satellite.SatSubsDataError.ShapeReqError.Code;
                public message: string;
                public requestId: string;
                public static encode(message: Electric.Satellite.SatSubsDataError.IShapeReqError, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatSubsDataError.ShapeReqError;
            }

            namespace ShapeReqError {

                enum Code {
                    CODE_UNSPECIFIED = 0,
                    SHAPE_SIZE_LIMIT_EXCEEDED = 1
                }
            }
        }

        interface ISatSubsDataBegin {
            subscriptionId?: (string|null);
            lsn?: (Uint8Array|null);
        }

        class SatSubsDataBegin implements ISatSubsDataBegin {
            constructor(properties?: Electric.Satellite.ISatSubsDataBegin);
            public subscriptionId: string;
            public lsn: Uint8Array;
            public static encode(message: Electric.Satellite.ISatSubsDataBegin, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatSubsDataBegin;
        }

        interface ISatSubsDataEnd {
        }

        class SatSubsDataEnd implements ISatSubsDataEnd {
            constructor(properties?: Electric.Satellite.ISatSubsDataEnd);
            public static encode(message: Electric.Satellite.ISatSubsDataEnd, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatSubsDataEnd;
        }

        interface ISatUnsubsDataBegin {
            subscriptionIds?: (string[]|null);
            lsn?: (Uint8Array|null);
        }

        class SatUnsubsDataBegin implements ISatUnsubsDataBegin {
            constructor(properties?: Electric.Satellite.ISatUnsubsDataBegin);
            public subscriptionIds: string[];
            public lsn: Uint8Array;
            public static encode(message: Electric.Satellite.ISatUnsubsDataBegin, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatUnsubsDataBegin;
        }

        interface ISatUnsubsDataEnd {
        }

        class SatUnsubsDataEnd implements ISatUnsubsDataEnd {
            constructor(properties?: Electric.Satellite.ISatUnsubsDataEnd);
            public static encode(message: Electric.Satellite.ISatUnsubsDataEnd, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatUnsubsDataEnd;
        }

        interface ISatShapeDataBegin {
            requestId?: (string|null);
            uuid?: (string|null);
        }

        class SatShapeDataBegin implements ISatShapeDataBegin {
            constructor(properties?: Electric.Satellite.ISatShapeDataBegin);
            public requestId: string;
            public uuid: string;
            public static encode(message: Electric.Satellite.ISatShapeDataBegin, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatShapeDataBegin;
        }

        interface ISatShapeDataEnd {
        }

        class SatShapeDataEnd implements ISatShapeDataEnd {
            constructor(properties?: Electric.Satellite.ISatShapeDataEnd);
            public static encode(message: Electric.Satellite.ISatShapeDataEnd, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatShapeDataEnd;
        }

        interface ISatClientCommand {
            resetDatabase?: (Electric.Satellite.SatClientCommand.IResetDatabase|null);
        }

        class SatClientCommand implements ISatClientCommand {
            constructor(properties?: Electric.Satellite.ISatClientCommand);
            public resetDatabase?: (Electric.Satellite.SatClientCommand.IResetDatabase|null);
            public command?: "resetDatabase";
            public static encode(message: Electric.Satellite.ISatClientCommand, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatClientCommand;
        }

        namespace SatClientCommand {

            interface IResetDatabase {
                reason?: (Electric.Satellite.SatClientCommand.ResetDatabase.Reason|null);
            }

            class ResetDatabase implements IResetDatabase {
                constructor(properties?: Electric.Satellite.SatClientCommand.IResetDatabase);
                public reason: Electric.Satellite.SatClientCommand.ResetDatabase.Reason;
                public static encode(message: Electric.Satellite.SatClientCommand.IResetDatabase, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatClientCommand.ResetDatabase;
            }

            namespace ResetDatabase {

                enum Reason {
                    PERMISSIONS_CHANGE = 0
                }
            }
        }

        interface ISatPerms {
            id?: (number|null);
            userId?: (string|null);
            rules?: (Electric.Satellite.SatPerms.IRules|null);
            roles?: (Electric.Satellite.SatPerms.IRole[]|null);
        }

        class SatPerms implements ISatPerms {
            constructor(properties?: Electric.Satellite.ISatPerms);
            public id: number;
            public userId: string;
            public rules?: (Electric.Satellite.SatPerms.IRules|null);
            public roles: Electric.Satellite.SatPerms.IRole[];
            public static encode(message: Electric.Satellite.ISatPerms, writer?: $protobuf.Writer): $protobuf.Writer;
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms;
        }

        namespace SatPerms {

            enum Privilege {
                DELETE = 0,
                INSERT = 1,
                SELECT = 2,
                UPDATE = 3
            }

            enum PredefinedRole {
                ANYONE = 0,
                AUTHENTICATED = 1
            }

            interface ITable {
                schema?: (string|null);
                name?: (string|null);
            }

            class Table implements ITable {
                constructor(properties?: Electric.Satellite.SatPerms.ITable);
                public schema: string;
                public name: string;
                public static encode(message: Electric.Satellite.SatPerms.ITable, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.Table;
            }

            interface IColumn {
                table?: (Electric.Satellite.SatPerms.ITable|null);
                column?: (string|null);
            }

            class Column implements IColumn {
                constructor(properties?: Electric.Satellite.SatPerms.IColumn);
                public table?: (Electric.Satellite.SatPerms.ITable|null);
                public column: string;
                public static encode(message: Electric.Satellite.SatPerms.IColumn, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.Column;
            }

            interface IPath {
                columns?: (Electric.Satellite.SatPerms.IColumn[]|null);
            }

            class Path implements IPath {
                constructor(properties?: Electric.Satellite.SatPerms.IPath);
                public columns: Electric.Satellite.SatPerms.IColumn[];
                public static encode(message: Electric.Satellite.SatPerms.IPath, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.Path;
            }

            interface IScope {
                table?: (Electric.Satellite.SatPerms.ITable|null);
                id?: (string[]|null);
            }

            class Scope implements IScope {
                constructor(properties?: Electric.Satellite.SatPerms.IScope);
                public table?: (Electric.Satellite.SatPerms.ITable|null);
                public id: string[];
                public static encode(message: Electric.Satellite.SatPerms.IScope, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.Scope;
            }

            interface IRoleName {
                predefined?: (Electric.Satellite.SatPerms.PredefinedRole|null);
                application?: (string|null);
            }

            class RoleName implements IRoleName {
                constructor(properties?: Electric.Satellite.SatPerms.IRoleName);
                public predefined?: (Electric.Satellite.SatPerms.PredefinedRole|null);
                public application?: (string|null);
                public role?: ("predefined"|"application");
                public static encode(message: Electric.Satellite.SatPerms.IRoleName, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.RoleName;
            }

            interface IColumnList {
                names?: (string[]|null);
            }

            class ColumnList implements IColumnList {
                constructor(properties?: Electric.Satellite.SatPerms.IColumnList);
                public names: string[];
                public static encode(message: Electric.Satellite.SatPerms.IColumnList, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.ColumnList;
            }

            interface IGrant {
                id?: (string|null);
                table?: (Electric.Satellite.SatPerms.ITable|null);
                role?: (Electric.Satellite.SatPerms.IRoleName|null);
                privilege?: (Electric.Satellite.SatPerms.Privilege|null);
                columns?: (Electric.Satellite.SatPerms.IColumnList|null);
                scope?: (Electric.Satellite.SatPerms.ITable|null);
                path?: (Electric.Satellite.SatPerms.IPath|null);
                check?: (string|null);
            }

            class Grant implements IGrant {
                constructor(properties?: Electric.Satellite.SatPerms.IGrant);
                public id: string;
                public table?: (Electric.Satellite.SatPerms.ITable|null);
                public role?: (Electric.Satellite.SatPerms.IRoleName|null);
                public privilege: Electric.Satellite.SatPerms.Privilege;
                public columns?: (Electric.Satellite.SatPerms.IColumnList|null);
                public scope?: (Electric.Satellite.SatPerms.ITable|null);
                public path?: (Electric.Satellite.SatPerms.IPath|null);
                public check?: (string|null);
                public static encode(message: Electric.Satellite.SatPerms.IGrant, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.Grant;
            }

            interface IRevoke {
                id?: (string|null);
                table?: (Electric.Satellite.SatPerms.ITable|null);
                role?: (Electric.Satellite.SatPerms.IRoleName|null);
                privilege?: (Electric.Satellite.SatPerms.Privilege|null);
                scope?: (Electric.Satellite.SatPerms.ITable|null);
                path?: (Electric.Satellite.SatPerms.IPath|null);
            }

            class Revoke implements IRevoke {
                constructor(properties?: Electric.Satellite.SatPerms.IRevoke);
                public id: string;
                public table?: (Electric.Satellite.SatPerms.ITable|null);
                public role?: (Electric.Satellite.SatPerms.IRoleName|null);
                public privilege: Electric.Satellite.SatPerms.Privilege;
                public scope?: (Electric.Satellite.SatPerms.ITable|null);
                public path?: (Electric.Satellite.SatPerms.IPath|null);
                public static encode(message: Electric.Satellite.SatPerms.IRevoke, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.Revoke;
            }

            interface IAssign {
                id?: (string|null);
                table?: (Electric.Satellite.SatPerms.ITable|null);
                userColumn?: (string|null);
                roleColumn?: (string|null);
                roleName?: (string|null);
                scope?: (Electric.Satellite.SatPerms.ITable|null);
                "if"?: (string|null);
            }

            class Assign implements IAssign {
                constructor(properties?: Electric.Satellite.SatPerms.IAssign);
                public id: string;
                public table?: (Electric.Satellite.SatPerms.ITable|null);
                public userColumn?: (string|null);
                public roleColumn?: (string|null);
                public roleName?: (string|null);
                public scope?: (Electric.Satellite.SatPerms.ITable|null);
                public if?: (string|null);
                public static encode(message: Electric.Satellite.SatPerms.IAssign, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.Assign;
            }

            interface IUnassign {
                id?: (string|null);
                table?: (Electric.Satellite.SatPerms.ITable|null);
                userColumn?: (string|null);
                roleColumn?: (string|null);
                roleName?: (string|null);
                scope?: (Electric.Satellite.SatPerms.ITable|null);
            }

            class Unassign implements IUnassign {
                constructor(properties?: Electric.Satellite.SatPerms.IUnassign);
                public id: string;
                public table?: (Electric.Satellite.SatPerms.ITable|null);
                public userColumn?: (string|null);
                public roleColumn?: (string|null);
                public roleName?: (string|null);
                public scope?: (Electric.Satellite.SatPerms.ITable|null);
                public static encode(message: Electric.Satellite.SatPerms.IUnassign, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.Unassign;
            }

            interface ISqlite {
                stmt?: (string|null);
            }

            class Sqlite implements ISqlite {
                constructor(properties?: Electric.Satellite.SatPerms.ISqlite);
                public stmt: string;
                public static encode(message: Electric.Satellite.SatPerms.ISqlite, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.Sqlite;
            }

            interface IRole {
                rowId?: (string[]|null);
                role?: (string|null);
                userId?: (string|null);
                assignId?: (string|null);
                scope?: (Electric.Satellite.SatPerms.IScope|null);
            }

            class Role implements IRole {
                constructor(properties?: Electric.Satellite.SatPerms.IRole);
                public rowId: string[];
                public role: string;
                public userId: string;
                public assignId: string;
                public scope?: (Electric.Satellite.SatPerms.IScope|null);
                public static encode(message: Electric.Satellite.SatPerms.IRole, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.Role;
            }

            interface IDDLX {
                grants?: (Electric.Satellite.SatPerms.IGrant[]|null);
                revokes?: (Electric.Satellite.SatPerms.IRevoke[]|null);
                assigns?: (Electric.Satellite.SatPerms.IAssign[]|null);
                unassigns?: (Electric.Satellite.SatPerms.IUnassign[]|null);
                sqlite?: (Electric.Satellite.SatPerms.ISqlite[]|null);
            }

            class DDLX implements IDDLX {
                constructor(properties?: Electric.Satellite.SatPerms.IDDLX);
                public grants: Electric.Satellite.SatPerms.IGrant[];
                public revokes: Electric.Satellite.SatPerms.IRevoke[];
                public assigns: Electric.Satellite.SatPerms.IAssign[];
                public unassigns: Electric.Satellite.SatPerms.IUnassign[];
                public sqlite: Electric.Satellite.SatPerms.ISqlite[];
                public static encode(message: Electric.Satellite.SatPerms.IDDLX, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.DDLX;
            }

            interface IRules {
                id?: (number|null);
                parentId?: (number|null);
                grants?: (Electric.Satellite.SatPerms.IGrant[]|null);
                assigns?: (Electric.Satellite.SatPerms.IAssign[]|null);
            }

            class Rules implements IRules {
                constructor(properties?: Electric.Satellite.SatPerms.IRules);
                public id: number;
                public parentId?: (number|null);
                public grants: Electric.Satellite.SatPerms.IGrant[];
                public assigns: Electric.Satellite.SatPerms.IAssign[];
                public static encode(message: Electric.Satellite.SatPerms.IRules, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.Rules;
            }

            interface IRoles {
                id?: (number|null);
                parentId?: (number|null);
                rulesId?: (number|null);
                roles?: (Electric.Satellite.SatPerms.IRole[]|null);
            }

            class Roles implements IRoles {
                constructor(properties?: Electric.Satellite.SatPerms.IRoles);
                public id: number;
                public parentId?: (number|null);
                public rulesId: number;
                public roles: Electric.Satellite.SatPerms.IRole[];
                public static encode(message: Electric.Satellite.SatPerms.IRoles, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): Electric.Satellite.SatPerms.Roles;
            }
        }
    }
}
