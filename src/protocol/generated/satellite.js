// GENERATED FILE — do not edit. Produced by `npm run proto` (scripts/proto.mjs)
// from src/protocol/satellite.proto with protobufjs-cli (pbjs static-module / pbts).
/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars*/
import $protobuf from "protobufjs/minimal.js";

const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;

// 64-bit integers always decode to JS numbers (exact up to 2^53), independent
// of protobufjs' process-global Long configuration. See scripts/proto.mjs.
function $readVarint64(reader, signed) {
    const buf = reader.buf, len = reader.len;
    let pos = reader.pos, lo = 0, hi = 0, b = 128, i = 0;
    while (i < 4) {
        if (pos >= len) throw RangeError("index out of range");
        b = buf[pos++];
        lo |= (b & 127) << (7 * i++);
        if (b < 128) break;
    }
    if (b >= 128) {
        if (pos >= len) throw RangeError("index out of range");
        b = buf[pos++];
        lo |= (b & 15) << 28;
        hi = (b & 127) >> 4;
        for (i = 0; b >= 128; i++) {
            if (i === 5) throw Error("invalid varint encoding");
            if (pos >= len) throw RangeError("index out of range");
            b = buf[pos++];
            hi |= (b & 127) << (7 * i + 3);
        }
    }
    reader.pos = pos;
    lo >>>= 0;
    hi >>>= 0;
    if (signed && hi >= 0x80000000) {
        lo = (~lo + 1) >>> 0;
        hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
        return -(hi * 4294967296 + lo);
    }
    return hi * 4294967296 + lo;
}

function $readUint64(reader) {
    return $readVarint64(reader, false);
}

function $readInt64(reader) {
    return $readVarint64(reader, true);
}


const $root = $protobuf.roots["electric_satellite"] || ($protobuf.roots["electric_satellite"] = {});

export const Electric = $root.Electric = (() => {

    const Electric = {};

    Electric.Satellite = (function() {

        const Satellite = {};

        Satellite.SatRpcRequest = (function() {

            function SatRpcRequest(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatRpcRequest.prototype.method = "";
            SatRpcRequest.prototype.requestId = 0;
            SatRpcRequest.prototype.message = $util.newBuffer([]);

            SatRpcRequest.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.method != null && Object.hasOwnProperty.call(message, "method"))
                    writer.uint32(10).string(message.method);
                if (message.requestId != null && Object.hasOwnProperty.call(message, "requestId"))
                    writer.uint32(16).uint32(message.requestId);
                if (message.message != null && Object.hasOwnProperty.call(message, "message"))
                    writer.uint32(26).bytes(message.message);
                return writer;
            };

            SatRpcRequest.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatRpcRequest();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.method = reader.string();
                            break;
                        }
                    case 2: {
                            message.requestId = reader.uint32();
                            break;
                        }
                    case 3: {
                            message.message = reader.bytes();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatRpcRequest;
        })();

        Satellite.SatRpcResponse = (function() {

            function SatRpcResponse(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatRpcResponse.prototype.method = "";
            SatRpcResponse.prototype.requestId = 0;
            SatRpcResponse.prototype.message = null;
            SatRpcResponse.prototype.error = null;

            let $oneOfFields;

            Object.defineProperty(SatRpcResponse.prototype, "result", {
                get: $util.oneOfGetter($oneOfFields = ["message", "error"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            SatRpcResponse.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.method != null && Object.hasOwnProperty.call(message, "method"))
                    writer.uint32(10).string(message.method);
                if (message.requestId != null && Object.hasOwnProperty.call(message, "requestId"))
                    writer.uint32(16).uint32(message.requestId);
                if (message.message != null && Object.hasOwnProperty.call(message, "message"))
                    writer.uint32(26).bytes(message.message);
                if (message.error != null && Object.hasOwnProperty.call(message, "error"))
                    $root.Electric.Satellite.SatErrorResp.encode(message.error, writer.uint32(34).fork(), q + 1).ldelim();
                return writer;
            };

            SatRpcResponse.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatRpcResponse();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.method = reader.string();
                            break;
                        }
                    case 2: {
                            message.requestId = reader.uint32();
                            break;
                        }
                    case 3: {
                            message.message = reader.bytes();
                            break;
                        }
                    case 4: {
                            message.error = $root.Electric.Satellite.SatErrorResp.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatRpcResponse;
        })();

        Satellite.SatAuthHeader = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[0] = "UNSPECIFIED"] = 0;
            return values;
        })();

        Satellite.SatAuthHeaderPair = (function() {

            function SatAuthHeaderPair(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatAuthHeaderPair.prototype.key = 0;
            SatAuthHeaderPair.prototype.value = "";

            SatAuthHeaderPair.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.key != null && Object.hasOwnProperty.call(message, "key"))
                    writer.uint32(8).int32(message.key);
                if (message.value != null && Object.hasOwnProperty.call(message, "value"))
                    writer.uint32(18).string(message.value);
                return writer;
            };

            SatAuthHeaderPair.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatAuthHeaderPair();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.key = reader.int32();
                            break;
                        }
                    case 2: {
                            message.value = reader.string();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatAuthHeaderPair;
        })();

        Satellite.SatAuthReq = (function() {

            function SatAuthReq(properties) {
                this.headers = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatAuthReq.prototype.id = "";
            SatAuthReq.prototype.token = "";
            SatAuthReq.prototype.headers = $util.emptyArray;

            SatAuthReq.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.id != null && Object.hasOwnProperty.call(message, "id"))
                    writer.uint32(10).string(message.id);
                if (message.token != null && Object.hasOwnProperty.call(message, "token"))
                    writer.uint32(18).string(message.token);
                if (message.headers != null && message.headers.length)
                    for (let i = 0; i < message.headers.length; ++i)
                        $root.Electric.Satellite.SatAuthHeaderPair.encode(message.headers[i], writer.uint32(26).fork(), q + 1).ldelim();
                return writer;
            };

            SatAuthReq.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatAuthReq();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.id = reader.string();
                            break;
                        }
                    case 2: {
                            message.token = reader.string();
                            break;
                        }
                    case 3: {
                            if (!(message.headers && message.headers.length))
                                message.headers = [];
                            message.headers.push($root.Electric.Satellite.SatAuthHeaderPair.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatAuthReq;
        })();

        Satellite.SatAuthResp = (function() {

            function SatAuthResp(properties) {
                this.headers = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatAuthResp.prototype.id = "";
            SatAuthResp.prototype.headers = $util.emptyArray;

            SatAuthResp.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.id != null && Object.hasOwnProperty.call(message, "id"))
                    writer.uint32(10).string(message.id);
                if (message.headers != null && message.headers.length)
                    for (let i = 0; i < message.headers.length; ++i)
                        $root.Electric.Satellite.SatAuthHeaderPair.encode(message.headers[i], writer.uint32(26).fork(), q + 1).ldelim();
                return writer;
            };

            SatAuthResp.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatAuthResp();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.id = reader.string();
                            break;
                        }
                    case 3: {
                            if (!(message.headers && message.headers.length))
                                message.headers = [];
                            message.headers.push($root.Electric.Satellite.SatAuthHeaderPair.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatAuthResp;
        })();

        Satellite.SatErrorResp = (function() {

            function SatErrorResp(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatErrorResp.prototype.errorType = 0;
            SatErrorResp.prototype.lsn = null;
            SatErrorResp.prototype.message = null;

            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            Object.defineProperty(SatErrorResp.prototype, "_lsn", {
                get: $util.oneOfGetter($oneOfFields = ["lsn"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            Object.defineProperty(SatErrorResp.prototype, "_message", {
                get: $util.oneOfGetter($oneOfFields = ["message"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            SatErrorResp.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.errorType != null && Object.hasOwnProperty.call(message, "errorType"))
                    writer.uint32(8).int32(message.errorType);
                if (message.lsn != null && Object.hasOwnProperty.call(message, "lsn"))
                    writer.uint32(18).bytes(message.lsn);
                if (message.message != null && Object.hasOwnProperty.call(message, "message"))
                    writer.uint32(26).string(message.message);
                return writer;
            };

            SatErrorResp.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatErrorResp();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.errorType = reader.int32();
                            break;
                        }
                    case 2: {
                            message.lsn = reader.bytes();
                            break;
                        }
                    case 3: {
                            message.message = reader.string();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            SatErrorResp.ErrorCode = (function() {
                const valuesById = {}, values = Object.create(valuesById);
                values[valuesById[0] = "INTERNAL"] = 0;
                values[valuesById[1] = "AUTH_REQUIRED"] = 1;
                values[valuesById[2] = "AUTH_FAILED"] = 2;
                values[valuesById[3] = "REPLICATION_FAILED"] = 3;
                values[valuesById[4] = "INVALID_REQUEST"] = 4;
                values[valuesById[5] = "PROTO_VSN_MISMATCH"] = 5;
                values[valuesById[6] = "SCHEMA_VSN_MISMATCH"] = 6;
                values[valuesById[7] = "PERMISSION_DENIED"] = 7;
                return values;
            })();

            return SatErrorResp;
        })();

        Satellite.SatInStartReplicationReq = (function() {

            function SatInStartReplicationReq(properties) {
                this.options = [];
                this.subscriptionIds = [];
                this.observedTransactionData = [];
                this.observedGoneBatch = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatInStartReplicationReq.prototype.lsn = $util.newBuffer([]);
            SatInStartReplicationReq.prototype.options = $util.emptyArray;
            SatInStartReplicationReq.prototype.subscriptionIds = $util.emptyArray;
            SatInStartReplicationReq.prototype.schemaVersion = null;
            SatInStartReplicationReq.prototype.observedTransactionData = $util.emptyArray;
            SatInStartReplicationReq.prototype.sqlDialect = null;
            SatInStartReplicationReq.prototype.observedGoneBatch = $util.emptyArray;

            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            Object.defineProperty(SatInStartReplicationReq.prototype, "_schemaVersion", {
                get: $util.oneOfGetter($oneOfFields = ["schemaVersion"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            Object.defineProperty(SatInStartReplicationReq.prototype, "_sqlDialect", {
                get: $util.oneOfGetter($oneOfFields = ["sqlDialect"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            SatInStartReplicationReq.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.lsn != null && Object.hasOwnProperty.call(message, "lsn"))
                    writer.uint32(10).bytes(message.lsn);
                if (message.options != null && message.options.length) {
                    writer.uint32(18).fork();
                    for (let i = 0; i < message.options.length; ++i)
                        writer.int32(message.options[i]);
                    writer.ldelim();
                }
                if (message.subscriptionIds != null && message.subscriptionIds.length)
                    for (let i = 0; i < message.subscriptionIds.length; ++i)
                        writer.uint32(34).string(message.subscriptionIds[i]);
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    writer.uint32(42).string(message.schemaVersion);
                if (message.observedTransactionData != null && message.observedTransactionData.length) {
                    writer.uint32(50).fork();
                    for (let i = 0; i < message.observedTransactionData.length; ++i)
                        writer.uint64(message.observedTransactionData[i]);
                    writer.ldelim();
                }
                if (message.sqlDialect != null && Object.hasOwnProperty.call(message, "sqlDialect"))
                    writer.uint32(56).int32(message.sqlDialect);
                if (message.observedGoneBatch != null && message.observedGoneBatch.length)
                    for (let i = 0; i < message.observedGoneBatch.length; ++i)
                        writer.uint32(66).string(message.observedGoneBatch[i]);
                return writer;
            };

            SatInStartReplicationReq.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatInStartReplicationReq();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.lsn = reader.bytes();
                            break;
                        }
                    case 2: {
                            if (!(message.options && message.options.length))
                                message.options = [];
                            if ((tag & 7) === 2) {
                                let end2 = reader.uint32() + reader.pos;
                                if (end2 > reader.len)
                                    throw RangeError("index out of range");
                                reader.len = end2;
                                while (reader.pos < end2)
                                    message.options.push(reader.int32());
                                if (reader.pos !== end2)
                                    throw RangeError("index out of range");
                                reader.len = end;
                            } else
                                message.options.push(reader.int32());
                            break;
                        }
                    case 4: {
                            if (!(message.subscriptionIds && message.subscriptionIds.length))
                                message.subscriptionIds = [];
                            message.subscriptionIds.push(reader.string());
                            break;
                        }
                    case 5: {
                            message.schemaVersion = reader.string();
                            break;
                        }
                    case 6: {
                            if (!(message.observedTransactionData && message.observedTransactionData.length))
                                message.observedTransactionData = [];
                            if ((tag & 7) === 2) {
                                let end2 = reader.uint32() + reader.pos;
                                if (end2 > reader.len)
                                    throw RangeError("index out of range");
                                reader.len = end2;
                                while (reader.pos < end2)
                                    message.observedTransactionData.push($readUint64(reader));
                                if (reader.pos !== end2)
                                    throw RangeError("index out of range");
                                reader.len = end;
                            } else
                                message.observedTransactionData.push($readUint64(reader));
                            break;
                        }
                    case 7: {
                            message.sqlDialect = reader.int32();
                            break;
                        }
                    case 8: {
                            if (!(message.observedGoneBatch && message.observedGoneBatch.length))
                                message.observedGoneBatch = [];
                            message.observedGoneBatch.push(reader.string());
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            SatInStartReplicationReq.Option = (function() {
                const valuesById = {}, values = Object.create(valuesById);
                values[valuesById[0] = "NONE"] = 0;
                return values;
            })();

            SatInStartReplicationReq.Dialect = (function() {
                const valuesById = {}, values = Object.create(valuesById);
                values[valuesById[0] = "SQLITE"] = 0;
                values[valuesById[1] = "POSTGRES"] = 1;
                return values;
            })();

            return SatInStartReplicationReq;
        })();

        Satellite.SatInStartReplicationResp = (function() {

            function SatInStartReplicationResp(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatInStartReplicationResp.prototype.err = null;
            SatInStartReplicationResp.prototype.unackedWindowSize = null;

            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            Object.defineProperty(SatInStartReplicationResp.prototype, "_err", {
                get: $util.oneOfGetter($oneOfFields = ["err"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            Object.defineProperty(SatInStartReplicationResp.prototype, "_unackedWindowSize", {
                get: $util.oneOfGetter($oneOfFields = ["unackedWindowSize"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            SatInStartReplicationResp.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.err != null && Object.hasOwnProperty.call(message, "err"))
                    $root.Electric.Satellite.SatInStartReplicationResp.ReplicationError.encode(message.err, writer.uint32(10).fork(), q + 1).ldelim();
                if (message.unackedWindowSize != null && Object.hasOwnProperty.call(message, "unackedWindowSize"))
                    writer.uint32(16).uint32(message.unackedWindowSize);
                return writer;
            };

            SatInStartReplicationResp.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatInStartReplicationResp();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.err = $root.Electric.Satellite.SatInStartReplicationResp.ReplicationError.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 2: {
                            message.unackedWindowSize = reader.uint32();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            SatInStartReplicationResp.ReplicationError = (function() {

                function ReplicationError(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                ReplicationError.prototype.code = 0;
                ReplicationError.prototype.message = "";

                ReplicationError.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.code != null && Object.hasOwnProperty.call(message, "code"))
                        writer.uint32(8).int32(message.code);
                    if (message.message != null && Object.hasOwnProperty.call(message, "message"))
                        writer.uint32(18).string(message.message);
                    return writer;
                };

                ReplicationError.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatInStartReplicationResp.ReplicationError();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.code = reader.int32();
                                break;
                            }
                        case 2: {
                                message.message = reader.string();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                ReplicationError.Code = (function() {
                    const valuesById = {}, values = Object.create(valuesById);
                    values[valuesById[0] = "CODE_UNSPECIFIED"] = 0;
                    values[valuesById[1] = "BEHIND_WINDOW"] = 1;
                    values[valuesById[2] = "INVALID_POSITION"] = 2;
                    values[valuesById[3] = "SUBSCRIPTION_NOT_FOUND"] = 3;
                    values[valuesById[4] = "MALFORMED_LSN"] = 4;
                    values[valuesById[5] = "UNKNOWN_SCHEMA_VSN"] = 5;
                    return values;
                })();

                return ReplicationError;
            })();

            return SatInStartReplicationResp;
        })();

        Satellite.SatInStopReplicationReq = (function() {

            function SatInStopReplicationReq(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatInStopReplicationReq.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                return writer;
            };

            SatInStopReplicationReq.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatInStopReplicationReq();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatInStopReplicationReq;
        })();

        Satellite.SatInStopReplicationResp = (function() {

            function SatInStopReplicationResp(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatInStopReplicationResp.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                return writer;
            };

            SatInStopReplicationResp.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatInStopReplicationResp();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatInStopReplicationResp;
        })();

        Satellite.SatRelationColumn = (function() {

            function SatRelationColumn(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatRelationColumn.prototype.name = "";
            SatRelationColumn.prototype.type = "";
            SatRelationColumn.prototype.primaryKey = false;
            SatRelationColumn.prototype.isNullable = false;

            SatRelationColumn.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                    writer.uint32(10).string(message.name);
                if (message.type != null && Object.hasOwnProperty.call(message, "type"))
                    writer.uint32(18).string(message.type);
                if (message.primaryKey != null && Object.hasOwnProperty.call(message, "primaryKey"))
                    writer.uint32(24).bool(message.primaryKey);
                if (message.isNullable != null && Object.hasOwnProperty.call(message, "isNullable"))
                    writer.uint32(32).bool(message.isNullable);
                return writer;
            };

            SatRelationColumn.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatRelationColumn();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.name = reader.string();
                            break;
                        }
                    case 2: {
                            message.type = reader.string();
                            break;
                        }
                    case 3: {
                            message.primaryKey = reader.bool();
                            break;
                        }
                    case 4: {
                            message.isNullable = reader.bool();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatRelationColumn;
        })();

        Satellite.SatRelation = (function() {

            function SatRelation(properties) {
                this.columns = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatRelation.prototype.schemaName = "";
            SatRelation.prototype.tableType = 0;
            SatRelation.prototype.tableName = "";
            SatRelation.prototype.relationId = 0;
            SatRelation.prototype.columns = $util.emptyArray;

            SatRelation.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.schemaName != null && Object.hasOwnProperty.call(message, "schemaName"))
                    writer.uint32(10).string(message.schemaName);
                if (message.tableType != null && Object.hasOwnProperty.call(message, "tableType"))
                    writer.uint32(16).int32(message.tableType);
                if (message.tableName != null && Object.hasOwnProperty.call(message, "tableName"))
                    writer.uint32(26).string(message.tableName);
                if (message.relationId != null && Object.hasOwnProperty.call(message, "relationId"))
                    writer.uint32(32).uint32(message.relationId);
                if (message.columns != null && message.columns.length)
                    for (let i = 0; i < message.columns.length; ++i)
                        $root.Electric.Satellite.SatRelationColumn.encode(message.columns[i], writer.uint32(42).fork(), q + 1).ldelim();
                return writer;
            };

            SatRelation.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatRelation();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.schemaName = reader.string();
                            break;
                        }
                    case 2: {
                            message.tableType = reader.int32();
                            break;
                        }
                    case 3: {
                            message.tableName = reader.string();
                            break;
                        }
                    case 4: {
                            message.relationId = reader.uint32();
                            break;
                        }
                    case 5: {
                            if (!(message.columns && message.columns.length))
                                message.columns = [];
                            message.columns.push($root.Electric.Satellite.SatRelationColumn.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            SatRelation.RelationType = (function() {
                const valuesById = {}, values = Object.create(valuesById);
                values[valuesById[0] = "TABLE"] = 0;
                values[valuesById[1] = "INDEX"] = 1;
                values[valuesById[2] = "VIEW"] = 2;
                values[valuesById[3] = "TRIGGER"] = 3;
                return values;
            })();

            return SatRelation;
        })();

        Satellite.SatOpLog = (function() {

            function SatOpLog(properties) {
                this.ops = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatOpLog.prototype.ops = $util.emptyArray;

            SatOpLog.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.ops != null && message.ops.length)
                    for (let i = 0; i < message.ops.length; ++i)
                        $root.Electric.Satellite.SatTransOp.encode(message.ops[i], writer.uint32(10).fork(), q + 1).ldelim();
                return writer;
            };

            SatOpLog.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatOpLog();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            if (!(message.ops && message.ops.length))
                                message.ops = [];
                            message.ops.push($root.Electric.Satellite.SatTransOp.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatOpLog;
        })();

        Satellite.SatOpLogAck = (function() {

            function SatOpLogAck(properties) {
                this.subscriptionIds = [];
                this.additionalDataSourceIds = [];
                this.goneSubscriptionIds = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatOpLogAck.prototype.ackTimestamp = 0;
            SatOpLogAck.prototype.lsn = $util.newBuffer([]);
            SatOpLogAck.prototype.transactionId = 0;
            SatOpLogAck.prototype.subscriptionIds = $util.emptyArray;
            SatOpLogAck.prototype.additionalDataSourceIds = $util.emptyArray;
            SatOpLogAck.prototype.goneSubscriptionIds = $util.emptyArray;

            SatOpLogAck.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.ackTimestamp != null && Object.hasOwnProperty.call(message, "ackTimestamp"))
                    writer.uint32(8).uint64(message.ackTimestamp);
                if (message.lsn != null && Object.hasOwnProperty.call(message, "lsn"))
                    writer.uint32(18).bytes(message.lsn);
                if (message.transactionId != null && Object.hasOwnProperty.call(message, "transactionId"))
                    writer.uint32(24).uint64(message.transactionId);
                if (message.subscriptionIds != null && message.subscriptionIds.length)
                    for (let i = 0; i < message.subscriptionIds.length; ++i)
                        writer.uint32(34).string(message.subscriptionIds[i]);
                if (message.additionalDataSourceIds != null && message.additionalDataSourceIds.length) {
                    writer.uint32(42).fork();
                    for (let i = 0; i < message.additionalDataSourceIds.length; ++i)
                        writer.uint64(message.additionalDataSourceIds[i]);
                    writer.ldelim();
                }
                if (message.goneSubscriptionIds != null && message.goneSubscriptionIds.length)
                    for (let i = 0; i < message.goneSubscriptionIds.length; ++i)
                        writer.uint32(50).string(message.goneSubscriptionIds[i]);
                return writer;
            };

            SatOpLogAck.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatOpLogAck();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.ackTimestamp = $readUint64(reader);
                            break;
                        }
                    case 2: {
                            message.lsn = reader.bytes();
                            break;
                        }
                    case 3: {
                            message.transactionId = $readUint64(reader);
                            break;
                        }
                    case 4: {
                            if (!(message.subscriptionIds && message.subscriptionIds.length))
                                message.subscriptionIds = [];
                            message.subscriptionIds.push(reader.string());
                            break;
                        }
                    case 5: {
                            if (!(message.additionalDataSourceIds && message.additionalDataSourceIds.length))
                                message.additionalDataSourceIds = [];
                            if ((tag & 7) === 2) {
                                let end2 = reader.uint32() + reader.pos;
                                if (end2 > reader.len)
                                    throw RangeError("index out of range");
                                reader.len = end2;
                                while (reader.pos < end2)
                                    message.additionalDataSourceIds.push($readUint64(reader));
                                if (reader.pos !== end2)
                                    throw RangeError("index out of range");
                                reader.len = end;
                            } else
                                message.additionalDataSourceIds.push($readUint64(reader));
                            break;
                        }
                    case 6: {
                            if (!(message.goneSubscriptionIds && message.goneSubscriptionIds.length))
                                message.goneSubscriptionIds = [];
                            message.goneSubscriptionIds.push(reader.string());
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatOpLogAck;
        })();

        Satellite.SatTransOp = (function() {

            function SatTransOp(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatTransOp.prototype.begin = null;
            SatTransOp.prototype.commit = null;
            SatTransOp.prototype.update = null;
            SatTransOp.prototype.insert = null;
            SatTransOp.prototype["delete"] = null;
            SatTransOp.prototype.migrate = null;
            SatTransOp.prototype.compensation = null;
            SatTransOp.prototype.gone = null;
            SatTransOp.prototype.additionalBegin = null;
            SatTransOp.prototype.additionalCommit = null;

            let $oneOfFields;

            Object.defineProperty(SatTransOp.prototype, "op", {
                get: $util.oneOfGetter($oneOfFields = ["begin", "commit", "update", "insert", "delete", "migrate", "compensation", "gone", "additionalBegin", "additionalCommit"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            SatTransOp.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.begin != null && Object.hasOwnProperty.call(message, "begin"))
                    $root.Electric.Satellite.SatOpBegin.encode(message.begin, writer.uint32(10).fork(), q + 1).ldelim();
                if (message.commit != null && Object.hasOwnProperty.call(message, "commit"))
                    $root.Electric.Satellite.SatOpCommit.encode(message.commit, writer.uint32(18).fork(), q + 1).ldelim();
                if (message.update != null && Object.hasOwnProperty.call(message, "update"))
                    $root.Electric.Satellite.SatOpUpdate.encode(message.update, writer.uint32(26).fork(), q + 1).ldelim();
                if (message.insert != null && Object.hasOwnProperty.call(message, "insert"))
                    $root.Electric.Satellite.SatOpInsert.encode(message.insert, writer.uint32(34).fork(), q + 1).ldelim();
                if (message["delete"] != null && Object.hasOwnProperty.call(message, "delete"))
                    $root.Electric.Satellite.SatOpDelete.encode(message["delete"], writer.uint32(42).fork(), q + 1).ldelim();
                if (message.migrate != null && Object.hasOwnProperty.call(message, "migrate"))
                    $root.Electric.Satellite.SatOpMigrate.encode(message.migrate, writer.uint32(50).fork(), q + 1).ldelim();
                if (message.compensation != null && Object.hasOwnProperty.call(message, "compensation"))
                    $root.Electric.Satellite.SatOpCompensation.encode(message.compensation, writer.uint32(58).fork(), q + 1).ldelim();
                if (message.gone != null && Object.hasOwnProperty.call(message, "gone"))
                    $root.Electric.Satellite.SatOpGone.encode(message.gone, writer.uint32(66).fork(), q + 1).ldelim();
                if (message.additionalBegin != null && Object.hasOwnProperty.call(message, "additionalBegin"))
                    $root.Electric.Satellite.SatOpAdditionalBegin.encode(message.additionalBegin, writer.uint32(74).fork(), q + 1).ldelim();
                if (message.additionalCommit != null && Object.hasOwnProperty.call(message, "additionalCommit"))
                    $root.Electric.Satellite.SatOpAdditionalCommit.encode(message.additionalCommit, writer.uint32(82).fork(), q + 1).ldelim();
                return writer;
            };

            SatTransOp.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatTransOp();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.begin = $root.Electric.Satellite.SatOpBegin.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 2: {
                            message.commit = $root.Electric.Satellite.SatOpCommit.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 3: {
                            message.update = $root.Electric.Satellite.SatOpUpdate.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 4: {
                            message.insert = $root.Electric.Satellite.SatOpInsert.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 5: {
                            message["delete"] = $root.Electric.Satellite.SatOpDelete.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 6: {
                            message.migrate = $root.Electric.Satellite.SatOpMigrate.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 7: {
                            message.compensation = $root.Electric.Satellite.SatOpCompensation.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 8: {
                            message.gone = $root.Electric.Satellite.SatOpGone.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 9: {
                            message.additionalBegin = $root.Electric.Satellite.SatOpAdditionalBegin.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 10: {
                            message.additionalCommit = $root.Electric.Satellite.SatOpAdditionalCommit.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatTransOp;
        })();

        Satellite.SatOpBegin = (function() {

            function SatOpBegin(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatOpBegin.prototype.commitTimestamp = 0;
            SatOpBegin.prototype.lsn = $util.newBuffer([]);
            SatOpBegin.prototype.origin = null;
            SatOpBegin.prototype.isMigration = false;
            SatOpBegin.prototype.additionalDataRef = 0;
            SatOpBegin.prototype.transactionId = null;

            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            Object.defineProperty(SatOpBegin.prototype, "_origin", {
                get: $util.oneOfGetter($oneOfFields = ["origin"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            Object.defineProperty(SatOpBegin.prototype, "_transactionId", {
                get: $util.oneOfGetter($oneOfFields = ["transactionId"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            SatOpBegin.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.commitTimestamp != null && Object.hasOwnProperty.call(message, "commitTimestamp"))
                    writer.uint32(8).uint64(message.commitTimestamp);
                if (message.lsn != null && Object.hasOwnProperty.call(message, "lsn"))
                    writer.uint32(26).bytes(message.lsn);
                if (message.origin != null && Object.hasOwnProperty.call(message, "origin"))
                    writer.uint32(34).string(message.origin);
                if (message.isMigration != null && Object.hasOwnProperty.call(message, "isMigration"))
                    writer.uint32(40).bool(message.isMigration);
                if (message.additionalDataRef != null && Object.hasOwnProperty.call(message, "additionalDataRef"))
                    writer.uint32(48).uint64(message.additionalDataRef);
                if (message.transactionId != null && Object.hasOwnProperty.call(message, "transactionId"))
                    writer.uint32(56).uint64(message.transactionId);
                return writer;
            };

            SatOpBegin.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatOpBegin();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.commitTimestamp = $readUint64(reader);
                            break;
                        }
                    case 3: {
                            message.lsn = reader.bytes();
                            break;
                        }
                    case 4: {
                            message.origin = reader.string();
                            break;
                        }
                    case 5: {
                            message.isMigration = reader.bool();
                            break;
                        }
                    case 6: {
                            message.additionalDataRef = $readUint64(reader);
                            break;
                        }
                    case 7: {
                            message.transactionId = $readUint64(reader);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatOpBegin;
        })();

        Satellite.SatOpCommit = (function() {

            function SatOpCommit(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatOpCommit.prototype.commitTimestamp = 0;
            SatOpCommit.prototype.lsn = $util.newBuffer([]);
            SatOpCommit.prototype.additionalDataRef = 0;
            SatOpCommit.prototype.transactionId = null;

            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            Object.defineProperty(SatOpCommit.prototype, "_transactionId", {
                get: $util.oneOfGetter($oneOfFields = ["transactionId"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            SatOpCommit.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.commitTimestamp != null && Object.hasOwnProperty.call(message, "commitTimestamp"))
                    writer.uint32(8).uint64(message.commitTimestamp);
                if (message.lsn != null && Object.hasOwnProperty.call(message, "lsn"))
                    writer.uint32(26).bytes(message.lsn);
                if (message.additionalDataRef != null && Object.hasOwnProperty.call(message, "additionalDataRef"))
                    writer.uint32(32).uint64(message.additionalDataRef);
                if (message.transactionId != null && Object.hasOwnProperty.call(message, "transactionId"))
                    writer.uint32(40).uint64(message.transactionId);
                return writer;
            };

            SatOpCommit.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatOpCommit();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.commitTimestamp = $readUint64(reader);
                            break;
                        }
                    case 3: {
                            message.lsn = reader.bytes();
                            break;
                        }
                    case 4: {
                            message.additionalDataRef = $readUint64(reader);
                            break;
                        }
                    case 5: {
                            message.transactionId = $readUint64(reader);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatOpCommit;
        })();

        Satellite.SatOpAdditionalBegin = (function() {

            function SatOpAdditionalBegin(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatOpAdditionalBegin.prototype.ref = 0;

            SatOpAdditionalBegin.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.ref != null && Object.hasOwnProperty.call(message, "ref"))
                    writer.uint32(8).uint64(message.ref);
                return writer;
            };

            SatOpAdditionalBegin.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatOpAdditionalBegin();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.ref = $readUint64(reader);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatOpAdditionalBegin;
        })();

        Satellite.SatOpAdditionalCommit = (function() {

            function SatOpAdditionalCommit(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatOpAdditionalCommit.prototype.ref = 0;

            SatOpAdditionalCommit.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.ref != null && Object.hasOwnProperty.call(message, "ref"))
                    writer.uint32(8).uint64(message.ref);
                return writer;
            };

            SatOpAdditionalCommit.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatOpAdditionalCommit();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.ref = $readUint64(reader);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatOpAdditionalCommit;
        })();

        Satellite.SatOpInsert = (function() {

            function SatOpInsert(properties) {
                this.tags = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatOpInsert.prototype.relationId = 0;
            SatOpInsert.prototype.rowData = null;
            SatOpInsert.prototype.tags = $util.emptyArray;

            SatOpInsert.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.relationId != null && Object.hasOwnProperty.call(message, "relationId"))
                    writer.uint32(8).uint32(message.relationId);
                if (message.rowData != null && Object.hasOwnProperty.call(message, "rowData"))
                    $root.Electric.Satellite.SatOpRow.encode(message.rowData, writer.uint32(18).fork(), q + 1).ldelim();
                if (message.tags != null && message.tags.length)
                    for (let i = 0; i < message.tags.length; ++i)
                        writer.uint32(26).string(message.tags[i]);
                return writer;
            };

            SatOpInsert.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatOpInsert();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.relationId = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.rowData = $root.Electric.Satellite.SatOpRow.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 3: {
                            if (!(message.tags && message.tags.length))
                                message.tags = [];
                            message.tags.push(reader.string());
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatOpInsert;
        })();

        Satellite.SatOpUpdate = (function() {

            function SatOpUpdate(properties) {
                this.tags = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatOpUpdate.prototype.relationId = 0;
            SatOpUpdate.prototype.rowData = null;
            SatOpUpdate.prototype.oldRowData = null;
            SatOpUpdate.prototype.tags = $util.emptyArray;

            SatOpUpdate.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.relationId != null && Object.hasOwnProperty.call(message, "relationId"))
                    writer.uint32(8).uint32(message.relationId);
                if (message.rowData != null && Object.hasOwnProperty.call(message, "rowData"))
                    $root.Electric.Satellite.SatOpRow.encode(message.rowData, writer.uint32(18).fork(), q + 1).ldelim();
                if (message.oldRowData != null && Object.hasOwnProperty.call(message, "oldRowData"))
                    $root.Electric.Satellite.SatOpRow.encode(message.oldRowData, writer.uint32(26).fork(), q + 1).ldelim();
                if (message.tags != null && message.tags.length)
                    for (let i = 0; i < message.tags.length; ++i)
                        writer.uint32(34).string(message.tags[i]);
                return writer;
            };

            SatOpUpdate.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatOpUpdate();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.relationId = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.rowData = $root.Electric.Satellite.SatOpRow.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 3: {
                            message.oldRowData = $root.Electric.Satellite.SatOpRow.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 4: {
                            if (!(message.tags && message.tags.length))
                                message.tags = [];
                            message.tags.push(reader.string());
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatOpUpdate;
        })();

        Satellite.SatOpDelete = (function() {

            function SatOpDelete(properties) {
                this.tags = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatOpDelete.prototype.relationId = 0;
            SatOpDelete.prototype.oldRowData = null;
            SatOpDelete.prototype.tags = $util.emptyArray;

            SatOpDelete.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.relationId != null && Object.hasOwnProperty.call(message, "relationId"))
                    writer.uint32(8).uint32(message.relationId);
                if (message.oldRowData != null && Object.hasOwnProperty.call(message, "oldRowData"))
                    $root.Electric.Satellite.SatOpRow.encode(message.oldRowData, writer.uint32(18).fork(), q + 1).ldelim();
                if (message.tags != null && message.tags.length)
                    for (let i = 0; i < message.tags.length; ++i)
                        writer.uint32(26).string(message.tags[i]);
                return writer;
            };

            SatOpDelete.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatOpDelete();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.relationId = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.oldRowData = $root.Electric.Satellite.SatOpRow.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 3: {
                            if (!(message.tags && message.tags.length))
                                message.tags = [];
                            message.tags.push(reader.string());
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatOpDelete;
        })();

        Satellite.SatOpCompensation = (function() {

            function SatOpCompensation(properties) {
                this.tags = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatOpCompensation.prototype.relationId = 0;
            SatOpCompensation.prototype.pkData = null;
            SatOpCompensation.prototype.tags = $util.emptyArray;

            SatOpCompensation.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.relationId != null && Object.hasOwnProperty.call(message, "relationId"))
                    writer.uint32(8).uint32(message.relationId);
                if (message.pkData != null && Object.hasOwnProperty.call(message, "pkData"))
                    $root.Electric.Satellite.SatOpRow.encode(message.pkData, writer.uint32(18).fork(), q + 1).ldelim();
                if (message.tags != null && message.tags.length)
                    for (let i = 0; i < message.tags.length; ++i)
                        writer.uint32(34).string(message.tags[i]);
                return writer;
            };

            SatOpCompensation.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatOpCompensation();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.relationId = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.pkData = $root.Electric.Satellite.SatOpRow.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 4: {
                            if (!(message.tags && message.tags.length))
                                message.tags = [];
                            message.tags.push(reader.string());
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatOpCompensation;
        })();

        Satellite.SatOpGone = (function() {

            function SatOpGone(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatOpGone.prototype.relationId = 0;
            SatOpGone.prototype.pkData = null;

            SatOpGone.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.relationId != null && Object.hasOwnProperty.call(message, "relationId"))
                    writer.uint32(8).uint32(message.relationId);
                if (message.pkData != null && Object.hasOwnProperty.call(message, "pkData"))
                    $root.Electric.Satellite.SatOpRow.encode(message.pkData, writer.uint32(18).fork(), q + 1).ldelim();
                return writer;
            };

            SatOpGone.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatOpGone();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.relationId = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.pkData = $root.Electric.Satellite.SatOpRow.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatOpGone;
        })();

        Satellite.SatOpRow = (function() {

            function SatOpRow(properties) {
                this.values = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatOpRow.prototype.nullsBitmask = $util.newBuffer([]);
            SatOpRow.prototype.values = $util.emptyArray;

            SatOpRow.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.nullsBitmask != null && Object.hasOwnProperty.call(message, "nullsBitmask"))
                    writer.uint32(10).bytes(message.nullsBitmask);
                if (message.values != null && message.values.length)
                    for (let i = 0; i < message.values.length; ++i)
                        writer.uint32(18).bytes(message.values[i]);
                return writer;
            };

            SatOpRow.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatOpRow();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.nullsBitmask = reader.bytes();
                            break;
                        }
                    case 2: {
                            if (!(message.values && message.values.length))
                                message.values = [];
                            message.values.push(reader.bytes());
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatOpRow;
        })();

        Satellite.SatOpMigrate = (function() {

            function SatOpMigrate(properties) {
                this.stmts = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatOpMigrate.prototype.version = "";
            SatOpMigrate.prototype.stmts = $util.emptyArray;
            SatOpMigrate.prototype.table = null;
            SatOpMigrate.prototype.enumType = null;

            let $oneOfFields;

            Object.defineProperty(SatOpMigrate.prototype, "affectedEntity", {
                get: $util.oneOfGetter($oneOfFields = ["table", "enumType"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            SatOpMigrate.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.version != null && Object.hasOwnProperty.call(message, "version"))
                    writer.uint32(10).string(message.version);
                if (message.stmts != null && message.stmts.length)
                    for (let i = 0; i < message.stmts.length; ++i)
                        $root.Electric.Satellite.SatOpMigrate.Stmt.encode(message.stmts[i], writer.uint32(18).fork(), q + 1).ldelim();
                if (message.table != null && Object.hasOwnProperty.call(message, "table"))
                    $root.Electric.Satellite.SatOpMigrate.Table.encode(message.table, writer.uint32(26).fork(), q + 1).ldelim();
                if (message.enumType != null && Object.hasOwnProperty.call(message, "enumType"))
                    $root.Electric.Satellite.SatOpMigrate.EnumType.encode(message.enumType, writer.uint32(34).fork(), q + 1).ldelim();
                return writer;
            };

            SatOpMigrate.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatOpMigrate();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.version = reader.string();
                            break;
                        }
                    case 2: {
                            if (!(message.stmts && message.stmts.length))
                                message.stmts = [];
                            message.stmts.push($root.Electric.Satellite.SatOpMigrate.Stmt.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    case 3: {
                            message.table = $root.Electric.Satellite.SatOpMigrate.Table.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 4: {
                            message.enumType = $root.Electric.Satellite.SatOpMigrate.EnumType.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            SatOpMigrate.Type = (function() {
                const valuesById = {}, values = Object.create(valuesById);
                values[valuesById[0] = "CREATE_TABLE"] = 0;
                values[valuesById[1] = "CREATE_INDEX"] = 1;
                values[valuesById[2] = "CREATE_ENUM_TYPE"] = 2;
                values[valuesById[6] = "ALTER_ADD_COLUMN"] = 6;
                return values;
            })();

            SatOpMigrate.Stmt = (function() {

                function Stmt(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Stmt.prototype.type = 0;
                Stmt.prototype.sql = "";

                Stmt.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.type != null && Object.hasOwnProperty.call(message, "type"))
                        writer.uint32(8).int32(message.type);
                    if (message.sql != null && Object.hasOwnProperty.call(message, "sql"))
                        writer.uint32(18).string(message.sql);
                    return writer;
                };

                Stmt.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatOpMigrate.Stmt();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.type = reader.int32();
                                break;
                            }
                        case 2: {
                                message.sql = reader.string();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Stmt;
            })();

            SatOpMigrate.PgColumnType = (function() {

                function PgColumnType(properties) {
                    this.array = [];
                    this.size = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                PgColumnType.prototype.name = "";
                PgColumnType.prototype.array = $util.emptyArray;
                PgColumnType.prototype.size = $util.emptyArray;

                PgColumnType.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                        writer.uint32(10).string(message.name);
                    if (message.array != null && message.array.length) {
                        writer.uint32(18).fork();
                        for (let i = 0; i < message.array.length; ++i)
                            writer.int32(message.array[i]);
                        writer.ldelim();
                    }
                    if (message.size != null && message.size.length) {
                        writer.uint32(26).fork();
                        for (let i = 0; i < message.size.length; ++i)
                            writer.int32(message.size[i]);
                        writer.ldelim();
                    }
                    return writer;
                };

                PgColumnType.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatOpMigrate.PgColumnType();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.name = reader.string();
                                break;
                            }
                        case 2: {
                                if (!(message.array && message.array.length))
                                    message.array = [];
                                if ((tag & 7) === 2) {
                                    let end2 = reader.uint32() + reader.pos;
                                    if (end2 > reader.len)
                                        throw RangeError("index out of range");
                                    reader.len = end2;
                                    while (reader.pos < end2)
                                        message.array.push(reader.int32());
                                    if (reader.pos !== end2)
                                        throw RangeError("index out of range");
                                    reader.len = end;
                                } else
                                    message.array.push(reader.int32());
                                break;
                            }
                        case 3: {
                                if (!(message.size && message.size.length))
                                    message.size = [];
                                if ((tag & 7) === 2) {
                                    let end2 = reader.uint32() + reader.pos;
                                    if (end2 > reader.len)
                                        throw RangeError("index out of range");
                                    reader.len = end2;
                                    while (reader.pos < end2)
                                        message.size.push(reader.int32());
                                    if (reader.pos !== end2)
                                        throw RangeError("index out of range");
                                    reader.len = end;
                                } else
                                    message.size.push(reader.int32());
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return PgColumnType;
            })();

            SatOpMigrate.Column = (function() {

                function Column(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Column.prototype.name = "";
                Column.prototype.sqliteType = "";
                Column.prototype.pgType = null;

                Column.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                        writer.uint32(10).string(message.name);
                    if (message.sqliteType != null && Object.hasOwnProperty.call(message, "sqliteType"))
                        writer.uint32(18).string(message.sqliteType);
                    if (message.pgType != null && Object.hasOwnProperty.call(message, "pgType"))
                        $root.Electric.Satellite.SatOpMigrate.PgColumnType.encode(message.pgType, writer.uint32(26).fork(), q + 1).ldelim();
                    return writer;
                };

                Column.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatOpMigrate.Column();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.name = reader.string();
                                break;
                            }
                        case 2: {
                                message.sqliteType = reader.string();
                                break;
                            }
                        case 3: {
                                message.pgType = $root.Electric.Satellite.SatOpMigrate.PgColumnType.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Column;
            })();

            SatOpMigrate.ForeignKey = (function() {

                function ForeignKey(properties) {
                    this.fkCols = [];
                    this.pkCols = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                ForeignKey.prototype.fkCols = $util.emptyArray;
                ForeignKey.prototype.pkTable = "";
                ForeignKey.prototype.pkCols = $util.emptyArray;

                ForeignKey.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.fkCols != null && message.fkCols.length)
                        for (let i = 0; i < message.fkCols.length; ++i)
                            writer.uint32(10).string(message.fkCols[i]);
                    if (message.pkTable != null && Object.hasOwnProperty.call(message, "pkTable"))
                        writer.uint32(18).string(message.pkTable);
                    if (message.pkCols != null && message.pkCols.length)
                        for (let i = 0; i < message.pkCols.length; ++i)
                            writer.uint32(26).string(message.pkCols[i]);
                    return writer;
                };

                ForeignKey.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatOpMigrate.ForeignKey();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                if (!(message.fkCols && message.fkCols.length))
                                    message.fkCols = [];
                                message.fkCols.push(reader.string());
                                break;
                            }
                        case 2: {
                                message.pkTable = reader.string();
                                break;
                            }
                        case 3: {
                                if (!(message.pkCols && message.pkCols.length))
                                    message.pkCols = [];
                                message.pkCols.push(reader.string());
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return ForeignKey;
            })();

            SatOpMigrate.Table = (function() {

                function Table(properties) {
                    this.columns = [];
                    this.fks = [];
                    this.pks = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Table.prototype.name = "";
                Table.prototype.columns = $util.emptyArray;
                Table.prototype.fks = $util.emptyArray;
                Table.prototype.pks = $util.emptyArray;

                Table.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                        writer.uint32(10).string(message.name);
                    if (message.columns != null && message.columns.length)
                        for (let i = 0; i < message.columns.length; ++i)
                            $root.Electric.Satellite.SatOpMigrate.Column.encode(message.columns[i], writer.uint32(18).fork(), q + 1).ldelim();
                    if (message.fks != null && message.fks.length)
                        for (let i = 0; i < message.fks.length; ++i)
                            $root.Electric.Satellite.SatOpMigrate.ForeignKey.encode(message.fks[i], writer.uint32(26).fork(), q + 1).ldelim();
                    if (message.pks != null && message.pks.length)
                        for (let i = 0; i < message.pks.length; ++i)
                            writer.uint32(34).string(message.pks[i]);
                    return writer;
                };

                Table.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatOpMigrate.Table();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.name = reader.string();
                                break;
                            }
                        case 2: {
                                if (!(message.columns && message.columns.length))
                                    message.columns = [];
                                message.columns.push($root.Electric.Satellite.SatOpMigrate.Column.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 3: {
                                if (!(message.fks && message.fks.length))
                                    message.fks = [];
                                message.fks.push($root.Electric.Satellite.SatOpMigrate.ForeignKey.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 4: {
                                if (!(message.pks && message.pks.length))
                                    message.pks = [];
                                message.pks.push(reader.string());
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Table;
            })();

            SatOpMigrate.EnumType = (function() {

                function EnumType(properties) {
                    this.values = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                EnumType.prototype.name = "";
                EnumType.prototype.values = $util.emptyArray;

                EnumType.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                        writer.uint32(10).string(message.name);
                    if (message.values != null && message.values.length)
                        for (let i = 0; i < message.values.length; ++i)
                            writer.uint32(18).string(message.values[i]);
                    return writer;
                };

                EnumType.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatOpMigrate.EnumType();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.name = reader.string();
                                break;
                            }
                        case 2: {
                                if (!(message.values && message.values.length))
                                    message.values = [];
                                message.values.push(reader.string());
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return EnumType;
            })();

            return SatOpMigrate;
        })();

        Satellite.SatSubsReq = (function() {

            function SatSubsReq(properties) {
                this.shapeRequests = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatSubsReq.prototype.subscriptionId = "";
            SatSubsReq.prototype.shapeRequests = $util.emptyArray;

            SatSubsReq.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.subscriptionId != null && Object.hasOwnProperty.call(message, "subscriptionId"))
                    writer.uint32(10).string(message.subscriptionId);
                if (message.shapeRequests != null && message.shapeRequests.length)
                    for (let i = 0; i < message.shapeRequests.length; ++i)
                        $root.Electric.Satellite.SatShapeReq.encode(message.shapeRequests[i], writer.uint32(18).fork(), q + 1).ldelim();
                return writer;
            };

            SatSubsReq.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatSubsReq();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.subscriptionId = reader.string();
                            break;
                        }
                    case 2: {
                            if (!(message.shapeRequests && message.shapeRequests.length))
                                message.shapeRequests = [];
                            message.shapeRequests.push($root.Electric.Satellite.SatShapeReq.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatSubsReq;
        })();

        Satellite.SatSubsResp = (function() {

            function SatSubsResp(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatSubsResp.prototype.subscriptionId = "";
            SatSubsResp.prototype.err = null;

            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            Object.defineProperty(SatSubsResp.prototype, "_err", {
                get: $util.oneOfGetter($oneOfFields = ["err"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            SatSubsResp.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.subscriptionId != null && Object.hasOwnProperty.call(message, "subscriptionId"))
                    writer.uint32(10).string(message.subscriptionId);
                if (message.err != null && Object.hasOwnProperty.call(message, "err"))
                    $root.Electric.Satellite.SatSubsResp.SatSubsError.encode(message.err, writer.uint32(18).fork(), q + 1).ldelim();
                return writer;
            };

            SatSubsResp.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatSubsResp();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.subscriptionId = reader.string();
                            break;
                        }
                    case 2: {
                            message.err = $root.Electric.Satellite.SatSubsResp.SatSubsError.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            SatSubsResp.SatSubsError = (function() {

                function SatSubsError(properties) {
                    this.shapeRequestError = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                SatSubsError.prototype.code = 0;
                SatSubsError.prototype.message = "";
                SatSubsError.prototype.shapeRequestError = $util.emptyArray;

                SatSubsError.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.code != null && Object.hasOwnProperty.call(message, "code"))
                        writer.uint32(16).int32(message.code);
                    if (message.message != null && Object.hasOwnProperty.call(message, "message"))
                        writer.uint32(26).string(message.message);
                    if (message.shapeRequestError != null && message.shapeRequestError.length)
                        for (let i = 0; i < message.shapeRequestError.length; ++i)
                            $root.Electric.Satellite.SatSubsResp.SatSubsError.ShapeReqError.encode(message.shapeRequestError[i], writer.uint32(34).fork(), q + 1).ldelim();
                    return writer;
                };

                SatSubsError.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatSubsResp.SatSubsError();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 2: {
                                message.code = reader.int32();
                                break;
                            }
                        case 3: {
                                message.message = reader.string();
                                break;
                            }
                        case 4: {
                                if (!(message.shapeRequestError && message.shapeRequestError.length))
                                    message.shapeRequestError = [];
                                message.shapeRequestError.push($root.Electric.Satellite.SatSubsResp.SatSubsError.ShapeReqError.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                SatSubsError.Code = (function() {
                    const valuesById = {}, values = Object.create(valuesById);
                    values[valuesById[0] = "CODE_UNSPECIFIED"] = 0;
                    values[valuesById[1] = "SUBSCRIPTION_ID_ALREADY_EXISTS"] = 1;
                    values[valuesById[2] = "SHAPE_REQUEST_ERROR"] = 2;
                    return values;
                })();

                SatSubsError.ShapeReqError = (function() {

                    function ShapeReqError(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    ShapeReqError.prototype.code = 0;
                    ShapeReqError.prototype.message = "";
                    ShapeReqError.prototype.requestId = "";

                    ShapeReqError.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.code != null && Object.hasOwnProperty.call(message, "code"))
                            writer.uint32(8).int32(message.code);
                        if (message.message != null && Object.hasOwnProperty.call(message, "message"))
                            writer.uint32(18).string(message.message);
                        if (message.requestId != null && Object.hasOwnProperty.call(message, "requestId"))
                            writer.uint32(26).string(message.requestId);
                        return writer;
                    };

                    ShapeReqError.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.Electric.Satellite.SatSubsResp.SatSubsError.ShapeReqError();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.code = reader.int32();
                                    break;
                                }
                            case 2: {
                                    message.message = reader.string();
                                    break;
                                }
                            case 3: {
                                    message.requestId = reader.string();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    ShapeReqError.Code = (function() {
                        const valuesById = {}, values = Object.create(valuesById);
                        values[valuesById[0] = "CODE_UNSPECIFIED"] = 0;
                        values[valuesById[1] = "TABLE_NOT_FOUND"] = 1;
                        values[valuesById[2] = "REFERENTIAL_INTEGRITY_VIOLATION"] = 2;
                        values[valuesById[3] = "EMPTY_SHAPE_DEFINITION"] = 3;
                        values[valuesById[4] = "DUPLICATE_TABLE_IN_SHAPE_DEFINITION"] = 4;
                        values[valuesById[5] = "INVALID_WHERE_CLAUSE"] = 5;
                        values[valuesById[6] = "INVALID_INCLUDE_TREE"] = 6;
                        return values;
                    })();

                    return ShapeReqError;
                })();

                return SatSubsError;
            })();

            return SatSubsResp;
        })();

        Satellite.SatUnsubsReq = (function() {

            function SatUnsubsReq(properties) {
                this.subscriptionIds = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatUnsubsReq.prototype.subscriptionIds = $util.emptyArray;

            SatUnsubsReq.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.subscriptionIds != null && message.subscriptionIds.length)
                    for (let i = 0; i < message.subscriptionIds.length; ++i)
                        writer.uint32(10).string(message.subscriptionIds[i]);
                return writer;
            };

            SatUnsubsReq.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatUnsubsReq();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            if (!(message.subscriptionIds && message.subscriptionIds.length))
                                message.subscriptionIds = [];
                            message.subscriptionIds.push(reader.string());
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatUnsubsReq;
        })();

        Satellite.SatUnsubsResp = (function() {

            function SatUnsubsResp(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatUnsubsResp.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                return writer;
            };

            SatUnsubsResp.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatUnsubsResp();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatUnsubsResp;
        })();

        Satellite.SatShapeReq = (function() {

            function SatShapeReq(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatShapeReq.prototype.requestId = "";
            SatShapeReq.prototype.shapeDefinition = null;

            SatShapeReq.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.requestId != null && Object.hasOwnProperty.call(message, "requestId"))
                    writer.uint32(10).string(message.requestId);
                if (message.shapeDefinition != null && Object.hasOwnProperty.call(message, "shapeDefinition"))
                    $root.Electric.Satellite.SatShapeDef.encode(message.shapeDefinition, writer.uint32(18).fork(), q + 1).ldelim();
                return writer;
            };

            SatShapeReq.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatShapeReq();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.requestId = reader.string();
                            break;
                        }
                    case 2: {
                            message.shapeDefinition = $root.Electric.Satellite.SatShapeDef.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatShapeReq;
        })();

        Satellite.SatShapeDef = (function() {

            function SatShapeDef(properties) {
                this.selects = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatShapeDef.prototype.selects = $util.emptyArray;

            SatShapeDef.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.selects != null && message.selects.length)
                    for (let i = 0; i < message.selects.length; ++i)
                        $root.Electric.Satellite.SatShapeDef.Select.encode(message.selects[i], writer.uint32(10).fork(), q + 1).ldelim();
                return writer;
            };

            SatShapeDef.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatShapeDef();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            if (!(message.selects && message.selects.length))
                                message.selects = [];
                            message.selects.push($root.Electric.Satellite.SatShapeDef.Select.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            SatShapeDef.Relation = (function() {

                function Relation(properties) {
                    this.foreignKey = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Relation.prototype.foreignKey = $util.emptyArray;
                Relation.prototype.select = null;

                Relation.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.foreignKey != null && message.foreignKey.length)
                        for (let i = 0; i < message.foreignKey.length; ++i)
                            writer.uint32(10).string(message.foreignKey[i]);
                    if (message.select != null && Object.hasOwnProperty.call(message, "select"))
                        $root.Electric.Satellite.SatShapeDef.Select.encode(message.select, writer.uint32(18).fork(), q + 1).ldelim();
                    return writer;
                };

                Relation.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatShapeDef.Relation();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                if (!(message.foreignKey && message.foreignKey.length))
                                    message.foreignKey = [];
                                message.foreignKey.push(reader.string());
                                break;
                            }
                        case 2: {
                                message.select = $root.Electric.Satellite.SatShapeDef.Select.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Relation;
            })();

            SatShapeDef.Select = (function() {

                function Select(properties) {
                    this.include = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Select.prototype.tablename = "";
                Select.prototype.where = "";
                Select.prototype.include = $util.emptyArray;
                Select.prototype.schemaname = null;

                let $oneOfFields;

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Select.prototype, "_schemaname", {
                    get: $util.oneOfGetter($oneOfFields = ["schemaname"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                Select.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.tablename != null && Object.hasOwnProperty.call(message, "tablename"))
                        writer.uint32(10).string(message.tablename);
                    if (message.where != null && Object.hasOwnProperty.call(message, "where"))
                        writer.uint32(18).string(message.where);
                    if (message.include != null && message.include.length)
                        for (let i = 0; i < message.include.length; ++i)
                            $root.Electric.Satellite.SatShapeDef.Relation.encode(message.include[i], writer.uint32(26).fork(), q + 1).ldelim();
                    if (message.schemaname != null && Object.hasOwnProperty.call(message, "schemaname"))
                        writer.uint32(34).string(message.schemaname);
                    return writer;
                };

                Select.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatShapeDef.Select();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.tablename = reader.string();
                                break;
                            }
                        case 2: {
                                message.where = reader.string();
                                break;
                            }
                        case 3: {
                                if (!(message.include && message.include.length))
                                    message.include = [];
                                message.include.push($root.Electric.Satellite.SatShapeDef.Relation.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 4: {
                                message.schemaname = reader.string();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Select;
            })();

            return SatShapeDef;
        })();

        Satellite.SatSubsDataError = (function() {

            function SatSubsDataError(properties) {
                this.shapeRequestError = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatSubsDataError.prototype.code = 0;
            SatSubsDataError.prototype.message = "";
            SatSubsDataError.prototype.subscriptionId = "";
            SatSubsDataError.prototype.shapeRequestError = $util.emptyArray;

            SatSubsDataError.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.code != null && Object.hasOwnProperty.call(message, "code"))
                    writer.uint32(8).int32(message.code);
                if (message.message != null && Object.hasOwnProperty.call(message, "message"))
                    writer.uint32(18).string(message.message);
                if (message.subscriptionId != null && Object.hasOwnProperty.call(message, "subscriptionId"))
                    writer.uint32(26).string(message.subscriptionId);
                if (message.shapeRequestError != null && message.shapeRequestError.length)
                    for (let i = 0; i < message.shapeRequestError.length; ++i)
                        $root.Electric.Satellite.SatSubsDataError.ShapeReqError.encode(message.shapeRequestError[i], writer.uint32(34).fork(), q + 1).ldelim();
                return writer;
            };

            SatSubsDataError.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatSubsDataError();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.code = reader.int32();
                            break;
                        }
                    case 2: {
                            message.message = reader.string();
                            break;
                        }
                    case 3: {
                            message.subscriptionId = reader.string();
                            break;
                        }
                    case 4: {
                            if (!(message.shapeRequestError && message.shapeRequestError.length))
                                message.shapeRequestError = [];
                            message.shapeRequestError.push($root.Electric.Satellite.SatSubsDataError.ShapeReqError.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            SatSubsDataError.Code = (function() {
                const valuesById = {}, values = Object.create(valuesById);
                values[valuesById[0] = "CODE_UNSPECIFIED"] = 0;
                values[valuesById[1] = "SHAPE_DELIVERY_ERROR"] = 1;
                return values;
            })();

            SatSubsDataError.ShapeReqError = (function() {

                function ShapeReqError(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                ShapeReqError.prototype.code = 0;
                ShapeReqError.prototype.message = "";
                ShapeReqError.prototype.requestId = "";

                ShapeReqError.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.code != null && Object.hasOwnProperty.call(message, "code"))
                        writer.uint32(8).int32(message.code);
                    if (message.message != null && Object.hasOwnProperty.call(message, "message"))
                        writer.uint32(18).string(message.message);
                    if (message.requestId != null && Object.hasOwnProperty.call(message, "requestId"))
                        writer.uint32(26).string(message.requestId);
                    return writer;
                };

                ShapeReqError.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatSubsDataError.ShapeReqError();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.code = reader.int32();
                                break;
                            }
                        case 2: {
                                message.message = reader.string();
                                break;
                            }
                        case 3: {
                                message.requestId = reader.string();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                ShapeReqError.Code = (function() {
                    const valuesById = {}, values = Object.create(valuesById);
                    values[valuesById[0] = "CODE_UNSPECIFIED"] = 0;
                    values[valuesById[1] = "SHAPE_SIZE_LIMIT_EXCEEDED"] = 1;
                    return values;
                })();

                return ShapeReqError;
            })();

            return SatSubsDataError;
        })();

        Satellite.SatSubsDataBegin = (function() {

            function SatSubsDataBegin(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatSubsDataBegin.prototype.subscriptionId = "";
            SatSubsDataBegin.prototype.lsn = $util.newBuffer([]);

            SatSubsDataBegin.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.subscriptionId != null && Object.hasOwnProperty.call(message, "subscriptionId"))
                    writer.uint32(10).string(message.subscriptionId);
                if (message.lsn != null && Object.hasOwnProperty.call(message, "lsn"))
                    writer.uint32(18).bytes(message.lsn);
                return writer;
            };

            SatSubsDataBegin.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatSubsDataBegin();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.subscriptionId = reader.string();
                            break;
                        }
                    case 2: {
                            message.lsn = reader.bytes();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatSubsDataBegin;
        })();

        Satellite.SatSubsDataEnd = (function() {

            function SatSubsDataEnd(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatSubsDataEnd.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                return writer;
            };

            SatSubsDataEnd.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatSubsDataEnd();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatSubsDataEnd;
        })();

        Satellite.SatUnsubsDataBegin = (function() {

            function SatUnsubsDataBegin(properties) {
                this.subscriptionIds = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatUnsubsDataBegin.prototype.subscriptionIds = $util.emptyArray;
            SatUnsubsDataBegin.prototype.lsn = $util.newBuffer([]);

            SatUnsubsDataBegin.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.subscriptionIds != null && message.subscriptionIds.length)
                    for (let i = 0; i < message.subscriptionIds.length; ++i)
                        writer.uint32(10).string(message.subscriptionIds[i]);
                if (message.lsn != null && Object.hasOwnProperty.call(message, "lsn"))
                    writer.uint32(18).bytes(message.lsn);
                return writer;
            };

            SatUnsubsDataBegin.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatUnsubsDataBegin();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            if (!(message.subscriptionIds && message.subscriptionIds.length))
                                message.subscriptionIds = [];
                            message.subscriptionIds.push(reader.string());
                            break;
                        }
                    case 2: {
                            message.lsn = reader.bytes();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatUnsubsDataBegin;
        })();

        Satellite.SatUnsubsDataEnd = (function() {

            function SatUnsubsDataEnd(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatUnsubsDataEnd.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                return writer;
            };

            SatUnsubsDataEnd.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatUnsubsDataEnd();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatUnsubsDataEnd;
        })();

        Satellite.SatShapeDataBegin = (function() {

            function SatShapeDataBegin(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatShapeDataBegin.prototype.requestId = "";
            SatShapeDataBegin.prototype.uuid = "";

            SatShapeDataBegin.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.requestId != null && Object.hasOwnProperty.call(message, "requestId"))
                    writer.uint32(10).string(message.requestId);
                if (message.uuid != null && Object.hasOwnProperty.call(message, "uuid"))
                    writer.uint32(18).string(message.uuid);
                return writer;
            };

            SatShapeDataBegin.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatShapeDataBegin();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.requestId = reader.string();
                            break;
                        }
                    case 2: {
                            message.uuid = reader.string();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatShapeDataBegin;
        })();

        Satellite.SatShapeDataEnd = (function() {

            function SatShapeDataEnd(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatShapeDataEnd.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                return writer;
            };

            SatShapeDataEnd.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatShapeDataEnd();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            return SatShapeDataEnd;
        })();

        Satellite.SatClientCommand = (function() {

            function SatClientCommand(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatClientCommand.prototype.resetDatabase = null;

            let $oneOfFields;

            Object.defineProperty(SatClientCommand.prototype, "command", {
                get: $util.oneOfGetter($oneOfFields = ["resetDatabase"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            SatClientCommand.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.resetDatabase != null && Object.hasOwnProperty.call(message, "resetDatabase"))
                    $root.Electric.Satellite.SatClientCommand.ResetDatabase.encode(message.resetDatabase, writer.uint32(10).fork(), q + 1).ldelim();
                return writer;
            };

            SatClientCommand.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatClientCommand();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.resetDatabase = $root.Electric.Satellite.SatClientCommand.ResetDatabase.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            SatClientCommand.ResetDatabase = (function() {

                function ResetDatabase(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                ResetDatabase.prototype.reason = 0;

                ResetDatabase.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.reason != null && Object.hasOwnProperty.call(message, "reason"))
                        writer.uint32(8).int32(message.reason);
                    return writer;
                };

                ResetDatabase.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatClientCommand.ResetDatabase();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.reason = reader.int32();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                ResetDatabase.Reason = (function() {
                    const valuesById = {}, values = Object.create(valuesById);
                    values[valuesById[0] = "PERMISSIONS_CHANGE"] = 0;
                    return values;
                })();

                return ResetDatabase;
            })();

            return SatClientCommand;
        })();

        Satellite.SatPerms = (function() {

            function SatPerms(properties) {
                this.roles = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SatPerms.prototype.id = 0;
            SatPerms.prototype.userId = "";
            SatPerms.prototype.rules = null;
            SatPerms.prototype.roles = $util.emptyArray;

            SatPerms.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.id != null && Object.hasOwnProperty.call(message, "id"))
                    writer.uint32(8).int64(message.id);
                if (message.userId != null && Object.hasOwnProperty.call(message, "userId"))
                    writer.uint32(18).string(message.userId);
                if (message.rules != null && Object.hasOwnProperty.call(message, "rules"))
                    $root.Electric.Satellite.SatPerms.Rules.encode(message.rules, writer.uint32(26).fork(), q + 1).ldelim();
                if (message.roles != null && message.roles.length)
                    for (let i = 0; i < message.roles.length; ++i)
                        $root.Electric.Satellite.SatPerms.Role.encode(message.roles[i], writer.uint32(34).fork(), q + 1).ldelim();
                return writer;
            };

            SatPerms.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.Electric.Satellite.SatPerms();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.id = $readInt64(reader);
                            break;
                        }
                    case 2: {
                            message.userId = reader.string();
                            break;
                        }
                    case 3: {
                            message.rules = $root.Electric.Satellite.SatPerms.Rules.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 4: {
                            if (!(message.roles && message.roles.length))
                                message.roles = [];
                            message.roles.push($root.Electric.Satellite.SatPerms.Role.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            SatPerms.Privilege = (function() {
                const valuesById = {}, values = Object.create(valuesById);
                values[valuesById[0] = "DELETE"] = 0;
                values[valuesById[1] = "INSERT"] = 1;
                values[valuesById[2] = "SELECT"] = 2;
                values[valuesById[3] = "UPDATE"] = 3;
                return values;
            })();

            SatPerms.PredefinedRole = (function() {
                const valuesById = {}, values = Object.create(valuesById);
                values[valuesById[0] = "ANYONE"] = 0;
                values[valuesById[1] = "AUTHENTICATED"] = 1;
                return values;
            })();

            SatPerms.Table = (function() {

                function Table(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Table.prototype.schema = "";
                Table.prototype.name = "";

                Table.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.schema != null && Object.hasOwnProperty.call(message, "schema"))
                        writer.uint32(10).string(message.schema);
                    if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                        writer.uint32(18).string(message.name);
                    return writer;
                };

                Table.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.Table();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.schema = reader.string();
                                break;
                            }
                        case 2: {
                                message.name = reader.string();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Table;
            })();

            SatPerms.Column = (function() {

                function Column(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Column.prototype.table = null;
                Column.prototype.column = "";

                Column.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.table != null && Object.hasOwnProperty.call(message, "table"))
                        $root.Electric.Satellite.SatPerms.Table.encode(message.table, writer.uint32(10).fork(), q + 1).ldelim();
                    if (message.column != null && Object.hasOwnProperty.call(message, "column"))
                        writer.uint32(18).string(message.column);
                    return writer;
                };

                Column.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.Column();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.table = $root.Electric.Satellite.SatPerms.Table.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 2: {
                                message.column = reader.string();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Column;
            })();

            SatPerms.Path = (function() {

                function Path(properties) {
                    this.columns = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Path.prototype.columns = $util.emptyArray;

                Path.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.columns != null && message.columns.length)
                        for (let i = 0; i < message.columns.length; ++i)
                            $root.Electric.Satellite.SatPerms.Column.encode(message.columns[i], writer.uint32(10).fork(), q + 1).ldelim();
                    return writer;
                };

                Path.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.Path();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                if (!(message.columns && message.columns.length))
                                    message.columns = [];
                                message.columns.push($root.Electric.Satellite.SatPerms.Column.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Path;
            })();

            SatPerms.Scope = (function() {

                function Scope(properties) {
                    this.id = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Scope.prototype.table = null;
                Scope.prototype.id = $util.emptyArray;

                Scope.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.table != null && Object.hasOwnProperty.call(message, "table"))
                        $root.Electric.Satellite.SatPerms.Table.encode(message.table, writer.uint32(10).fork(), q + 1).ldelim();
                    if (message.id != null && message.id.length)
                        for (let i = 0; i < message.id.length; ++i)
                            writer.uint32(18).string(message.id[i]);
                    return writer;
                };

                Scope.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.Scope();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.table = $root.Electric.Satellite.SatPerms.Table.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 2: {
                                if (!(message.id && message.id.length))
                                    message.id = [];
                                message.id.push(reader.string());
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Scope;
            })();

            SatPerms.RoleName = (function() {

                function RoleName(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                RoleName.prototype.predefined = null;
                RoleName.prototype.application = null;

                let $oneOfFields;

                Object.defineProperty(RoleName.prototype, "role", {
                    get: $util.oneOfGetter($oneOfFields = ["predefined", "application"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                RoleName.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.predefined != null && Object.hasOwnProperty.call(message, "predefined"))
                        writer.uint32(8).int32(message.predefined);
                    if (message.application != null && Object.hasOwnProperty.call(message, "application"))
                        writer.uint32(18).string(message.application);
                    return writer;
                };

                RoleName.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.RoleName();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.predefined = reader.int32();
                                break;
                            }
                        case 2: {
                                message.application = reader.string();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return RoleName;
            })();

            SatPerms.ColumnList = (function() {

                function ColumnList(properties) {
                    this.names = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                ColumnList.prototype.names = $util.emptyArray;

                ColumnList.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.names != null && message.names.length)
                        for (let i = 0; i < message.names.length; ++i)
                            writer.uint32(42).string(message.names[i]);
                    return writer;
                };

                ColumnList.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.ColumnList();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 5: {
                                if (!(message.names && message.names.length))
                                    message.names = [];
                                message.names.push(reader.string());
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return ColumnList;
            })();

            SatPerms.Grant = (function() {

                function Grant(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Grant.prototype.id = "";
                Grant.prototype.table = null;
                Grant.prototype.role = null;
                Grant.prototype.privilege = 0;
                Grant.prototype.columns = null;
                Grant.prototype.scope = null;
                Grant.prototype.path = null;
                Grant.prototype.check = null;

                let $oneOfFields;

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Grant.prototype, "_columns", {
                    get: $util.oneOfGetter($oneOfFields = ["columns"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Grant.prototype, "_scope", {
                    get: $util.oneOfGetter($oneOfFields = ["scope"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Grant.prototype, "_path", {
                    get: $util.oneOfGetter($oneOfFields = ["path"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Grant.prototype, "_check", {
                    get: $util.oneOfGetter($oneOfFields = ["check"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                Grant.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.id != null && Object.hasOwnProperty.call(message, "id"))
                        writer.uint32(10).string(message.id);
                    if (message.table != null && Object.hasOwnProperty.call(message, "table"))
                        $root.Electric.Satellite.SatPerms.Table.encode(message.table, writer.uint32(18).fork(), q + 1).ldelim();
                    if (message.role != null && Object.hasOwnProperty.call(message, "role"))
                        $root.Electric.Satellite.SatPerms.RoleName.encode(message.role, writer.uint32(26).fork(), q + 1).ldelim();
                    if (message.privilege != null && Object.hasOwnProperty.call(message, "privilege"))
                        writer.uint32(32).int32(message.privilege);
                    if (message.columns != null && Object.hasOwnProperty.call(message, "columns"))
                        $root.Electric.Satellite.SatPerms.ColumnList.encode(message.columns, writer.uint32(42).fork(), q + 1).ldelim();
                    if (message.scope != null && Object.hasOwnProperty.call(message, "scope"))
                        $root.Electric.Satellite.SatPerms.Table.encode(message.scope, writer.uint32(50).fork(), q + 1).ldelim();
                    if (message.path != null && Object.hasOwnProperty.call(message, "path"))
                        $root.Electric.Satellite.SatPerms.Path.encode(message.path, writer.uint32(58).fork(), q + 1).ldelim();
                    if (message.check != null && Object.hasOwnProperty.call(message, "check"))
                        writer.uint32(66).string(message.check);
                    return writer;
                };

                Grant.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.Grant();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.id = reader.string();
                                break;
                            }
                        case 2: {
                                message.table = $root.Electric.Satellite.SatPerms.Table.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 3: {
                                message.role = $root.Electric.Satellite.SatPerms.RoleName.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 4: {
                                message.privilege = reader.int32();
                                break;
                            }
                        case 5: {
                                message.columns = $root.Electric.Satellite.SatPerms.ColumnList.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 6: {
                                message.scope = $root.Electric.Satellite.SatPerms.Table.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 7: {
                                message.path = $root.Electric.Satellite.SatPerms.Path.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 8: {
                                message.check = reader.string();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Grant;
            })();

            SatPerms.Revoke = (function() {

                function Revoke(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Revoke.prototype.id = "";
                Revoke.prototype.table = null;
                Revoke.prototype.role = null;
                Revoke.prototype.privilege = 0;
                Revoke.prototype.scope = null;
                Revoke.prototype.path = null;

                let $oneOfFields;

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Revoke.prototype, "_scope", {
                    get: $util.oneOfGetter($oneOfFields = ["scope"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Revoke.prototype, "_path", {
                    get: $util.oneOfGetter($oneOfFields = ["path"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                Revoke.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.id != null && Object.hasOwnProperty.call(message, "id"))
                        writer.uint32(10).string(message.id);
                    if (message.table != null && Object.hasOwnProperty.call(message, "table"))
                        $root.Electric.Satellite.SatPerms.Table.encode(message.table, writer.uint32(18).fork(), q + 1).ldelim();
                    if (message.role != null && Object.hasOwnProperty.call(message, "role"))
                        $root.Electric.Satellite.SatPerms.RoleName.encode(message.role, writer.uint32(26).fork(), q + 1).ldelim();
                    if (message.privilege != null && Object.hasOwnProperty.call(message, "privilege"))
                        writer.uint32(32).int32(message.privilege);
                    if (message.scope != null && Object.hasOwnProperty.call(message, "scope"))
                        $root.Electric.Satellite.SatPerms.Table.encode(message.scope, writer.uint32(50).fork(), q + 1).ldelim();
                    if (message.path != null && Object.hasOwnProperty.call(message, "path"))
                        $root.Electric.Satellite.SatPerms.Path.encode(message.path, writer.uint32(58).fork(), q + 1).ldelim();
                    return writer;
                };

                Revoke.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.Revoke();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.id = reader.string();
                                break;
                            }
                        case 2: {
                                message.table = $root.Electric.Satellite.SatPerms.Table.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 3: {
                                message.role = $root.Electric.Satellite.SatPerms.RoleName.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 4: {
                                message.privilege = reader.int32();
                                break;
                            }
                        case 6: {
                                message.scope = $root.Electric.Satellite.SatPerms.Table.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 7: {
                                message.path = $root.Electric.Satellite.SatPerms.Path.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Revoke;
            })();

            SatPerms.Assign = (function() {

                function Assign(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Assign.prototype.id = "";
                Assign.prototype.table = null;
                Assign.prototype.userColumn = null;
                Assign.prototype.roleColumn = null;
                Assign.prototype.roleName = null;
                Assign.prototype.scope = null;
                Assign.prototype["if"] = null;

                let $oneOfFields;

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Assign.prototype, "_userColumn", {
                    get: $util.oneOfGetter($oneOfFields = ["userColumn"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Assign.prototype, "_roleColumn", {
                    get: $util.oneOfGetter($oneOfFields = ["roleColumn"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Assign.prototype, "_roleName", {
                    get: $util.oneOfGetter($oneOfFields = ["roleName"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Assign.prototype, "_scope", {
                    get: $util.oneOfGetter($oneOfFields = ["scope"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Assign.prototype, "_if", {
                    get: $util.oneOfGetter($oneOfFields = ["if"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                Assign.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.id != null && Object.hasOwnProperty.call(message, "id"))
                        writer.uint32(10).string(message.id);
                    if (message.table != null && Object.hasOwnProperty.call(message, "table"))
                        $root.Electric.Satellite.SatPerms.Table.encode(message.table, writer.uint32(18).fork(), q + 1).ldelim();
                    if (message.userColumn != null && Object.hasOwnProperty.call(message, "userColumn"))
                        writer.uint32(26).string(message.userColumn);
                    if (message.roleColumn != null && Object.hasOwnProperty.call(message, "roleColumn"))
                        writer.uint32(34).string(message.roleColumn);
                    if (message.roleName != null && Object.hasOwnProperty.call(message, "roleName"))
                        writer.uint32(42).string(message.roleName);
                    if (message.scope != null && Object.hasOwnProperty.call(message, "scope"))
                        $root.Electric.Satellite.SatPerms.Table.encode(message.scope, writer.uint32(50).fork(), q + 1).ldelim();
                    if (message["if"] != null && Object.hasOwnProperty.call(message, "if"))
                        writer.uint32(58).string(message["if"]);
                    return writer;
                };

                Assign.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.Assign();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.id = reader.string();
                                break;
                            }
                        case 2: {
                                message.table = $root.Electric.Satellite.SatPerms.Table.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 3: {
                                message.userColumn = reader.string();
                                break;
                            }
                        case 4: {
                                message.roleColumn = reader.string();
                                break;
                            }
                        case 5: {
                                message.roleName = reader.string();
                                break;
                            }
                        case 6: {
                                message.scope = $root.Electric.Satellite.SatPerms.Table.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 7: {
                                message["if"] = reader.string();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Assign;
            })();

            SatPerms.Unassign = (function() {

                function Unassign(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Unassign.prototype.id = "";
                Unassign.prototype.table = null;
                Unassign.prototype.userColumn = null;
                Unassign.prototype.roleColumn = null;
                Unassign.prototype.roleName = null;
                Unassign.prototype.scope = null;

                let $oneOfFields;

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Unassign.prototype, "_userColumn", {
                    get: $util.oneOfGetter($oneOfFields = ["userColumn"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Unassign.prototype, "_roleColumn", {
                    get: $util.oneOfGetter($oneOfFields = ["roleColumn"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Unassign.prototype, "_roleName", {
                    get: $util.oneOfGetter($oneOfFields = ["roleName"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Unassign.prototype, "_scope", {
                    get: $util.oneOfGetter($oneOfFields = ["scope"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                Unassign.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.id != null && Object.hasOwnProperty.call(message, "id"))
                        writer.uint32(10).string(message.id);
                    if (message.table != null && Object.hasOwnProperty.call(message, "table"))
                        $root.Electric.Satellite.SatPerms.Table.encode(message.table, writer.uint32(18).fork(), q + 1).ldelim();
                    if (message.userColumn != null && Object.hasOwnProperty.call(message, "userColumn"))
                        writer.uint32(26).string(message.userColumn);
                    if (message.roleColumn != null && Object.hasOwnProperty.call(message, "roleColumn"))
                        writer.uint32(34).string(message.roleColumn);
                    if (message.roleName != null && Object.hasOwnProperty.call(message, "roleName"))
                        writer.uint32(42).string(message.roleName);
                    if (message.scope != null && Object.hasOwnProperty.call(message, "scope"))
                        $root.Electric.Satellite.SatPerms.Table.encode(message.scope, writer.uint32(50).fork(), q + 1).ldelim();
                    return writer;
                };

                Unassign.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.Unassign();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.id = reader.string();
                                break;
                            }
                        case 2: {
                                message.table = $root.Electric.Satellite.SatPerms.Table.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 3: {
                                message.userColumn = reader.string();
                                break;
                            }
                        case 4: {
                                message.roleColumn = reader.string();
                                break;
                            }
                        case 5: {
                                message.roleName = reader.string();
                                break;
                            }
                        case 6: {
                                message.scope = $root.Electric.Satellite.SatPerms.Table.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Unassign;
            })();

            SatPerms.Sqlite = (function() {

                function Sqlite(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Sqlite.prototype.stmt = "";

                Sqlite.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.stmt != null && Object.hasOwnProperty.call(message, "stmt"))
                        writer.uint32(10).string(message.stmt);
                    return writer;
                };

                Sqlite.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.Sqlite();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.stmt = reader.string();
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Sqlite;
            })();

            SatPerms.Role = (function() {

                function Role(properties) {
                    this.rowId = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Role.prototype.rowId = $util.emptyArray;
                Role.prototype.role = "";
                Role.prototype.userId = "";
                Role.prototype.assignId = "";
                Role.prototype.scope = null;

                let $oneOfFields;

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Role.prototype, "_scope", {
                    get: $util.oneOfGetter($oneOfFields = ["scope"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                Role.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.rowId != null && message.rowId.length)
                        for (let i = 0; i < message.rowId.length; ++i)
                            writer.uint32(10).string(message.rowId[i]);
                    if (message.role != null && Object.hasOwnProperty.call(message, "role"))
                        writer.uint32(18).string(message.role);
                    if (message.userId != null && Object.hasOwnProperty.call(message, "userId"))
                        writer.uint32(26).string(message.userId);
                    if (message.assignId != null && Object.hasOwnProperty.call(message, "assignId"))
                        writer.uint32(34).string(message.assignId);
                    if (message.scope != null && Object.hasOwnProperty.call(message, "scope"))
                        $root.Electric.Satellite.SatPerms.Scope.encode(message.scope, writer.uint32(42).fork(), q + 1).ldelim();
                    return writer;
                };

                Role.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.Role();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                if (!(message.rowId && message.rowId.length))
                                    message.rowId = [];
                                message.rowId.push(reader.string());
                                break;
                            }
                        case 2: {
                                message.role = reader.string();
                                break;
                            }
                        case 3: {
                                message.userId = reader.string();
                                break;
                            }
                        case 4: {
                                message.assignId = reader.string();
                                break;
                            }
                        case 5: {
                                message.scope = $root.Electric.Satellite.SatPerms.Scope.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Role;
            })();

            SatPerms.DDLX = (function() {

                function DDLX(properties) {
                    this.grants = [];
                    this.revokes = [];
                    this.assigns = [];
                    this.unassigns = [];
                    this.sqlite = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                DDLX.prototype.grants = $util.emptyArray;
                DDLX.prototype.revokes = $util.emptyArray;
                DDLX.prototype.assigns = $util.emptyArray;
                DDLX.prototype.unassigns = $util.emptyArray;
                DDLX.prototype.sqlite = $util.emptyArray;

                DDLX.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.grants != null && message.grants.length)
                        for (let i = 0; i < message.grants.length; ++i)
                            $root.Electric.Satellite.SatPerms.Grant.encode(message.grants[i], writer.uint32(10).fork(), q + 1).ldelim();
                    if (message.revokes != null && message.revokes.length)
                        for (let i = 0; i < message.revokes.length; ++i)
                            $root.Electric.Satellite.SatPerms.Revoke.encode(message.revokes[i], writer.uint32(18).fork(), q + 1).ldelim();
                    if (message.assigns != null && message.assigns.length)
                        for (let i = 0; i < message.assigns.length; ++i)
                            $root.Electric.Satellite.SatPerms.Assign.encode(message.assigns[i], writer.uint32(26).fork(), q + 1).ldelim();
                    if (message.unassigns != null && message.unassigns.length)
                        for (let i = 0; i < message.unassigns.length; ++i)
                            $root.Electric.Satellite.SatPerms.Unassign.encode(message.unassigns[i], writer.uint32(34).fork(), q + 1).ldelim();
                    if (message.sqlite != null && message.sqlite.length)
                        for (let i = 0; i < message.sqlite.length; ++i)
                            $root.Electric.Satellite.SatPerms.Sqlite.encode(message.sqlite[i], writer.uint32(42).fork(), q + 1).ldelim();
                    return writer;
                };

                DDLX.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.DDLX();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                if (!(message.grants && message.grants.length))
                                    message.grants = [];
                                message.grants.push($root.Electric.Satellite.SatPerms.Grant.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 2: {
                                if (!(message.revokes && message.revokes.length))
                                    message.revokes = [];
                                message.revokes.push($root.Electric.Satellite.SatPerms.Revoke.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 3: {
                                if (!(message.assigns && message.assigns.length))
                                    message.assigns = [];
                                message.assigns.push($root.Electric.Satellite.SatPerms.Assign.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 4: {
                                if (!(message.unassigns && message.unassigns.length))
                                    message.unassigns = [];
                                message.unassigns.push($root.Electric.Satellite.SatPerms.Unassign.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 5: {
                                if (!(message.sqlite && message.sqlite.length))
                                    message.sqlite = [];
                                message.sqlite.push($root.Electric.Satellite.SatPerms.Sqlite.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return DDLX;
            })();

            SatPerms.Rules = (function() {

                function Rules(properties) {
                    this.grants = [];
                    this.assigns = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Rules.prototype.id = 0;
                Rules.prototype.parentId = null;
                Rules.prototype.grants = $util.emptyArray;
                Rules.prototype.assigns = $util.emptyArray;

                let $oneOfFields;

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Rules.prototype, "_parentId", {
                    get: $util.oneOfGetter($oneOfFields = ["parentId"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                Rules.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.id != null && Object.hasOwnProperty.call(message, "id"))
                        writer.uint32(8).uint64(message.id);
                    if (message.parentId != null && Object.hasOwnProperty.call(message, "parentId"))
                        writer.uint32(16).uint64(message.parentId);
                    if (message.grants != null && message.grants.length)
                        for (let i = 0; i < message.grants.length; ++i)
                            $root.Electric.Satellite.SatPerms.Grant.encode(message.grants[i], writer.uint32(26).fork(), q + 1).ldelim();
                    if (message.assigns != null && message.assigns.length)
                        for (let i = 0; i < message.assigns.length; ++i)
                            $root.Electric.Satellite.SatPerms.Assign.encode(message.assigns[i], writer.uint32(34).fork(), q + 1).ldelim();
                    return writer;
                };

                Rules.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.Rules();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.id = $readUint64(reader);
                                break;
                            }
                        case 2: {
                                message.parentId = $readUint64(reader);
                                break;
                            }
                        case 3: {
                                if (!(message.grants && message.grants.length))
                                    message.grants = [];
                                message.grants.push($root.Electric.Satellite.SatPerms.Grant.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        case 4: {
                                if (!(message.assigns && message.assigns.length))
                                    message.assigns = [];
                                message.assigns.push($root.Electric.Satellite.SatPerms.Assign.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Rules;
            })();

            SatPerms.Roles = (function() {

                function Roles(properties) {
                    this.roles = [];
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                Roles.prototype.id = 0;
                Roles.prototype.parentId = null;
                Roles.prototype.rulesId = 0;
                Roles.prototype.roles = $util.emptyArray;

                let $oneOfFields;

                // Virtual OneOf for proto3 optional field
                Object.defineProperty(Roles.prototype, "_parentId", {
                    get: $util.oneOfGetter($oneOfFields = ["parentId"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                Roles.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.id != null && Object.hasOwnProperty.call(message, "id"))
                        writer.uint32(8).uint64(message.id);
                    if (message.parentId != null && Object.hasOwnProperty.call(message, "parentId"))
                        writer.uint32(16).uint64(message.parentId);
                    if (message.rulesId != null && Object.hasOwnProperty.call(message, "rulesId"))
                        writer.uint32(24).uint64(message.rulesId);
                    if (message.roles != null && message.roles.length)
                        for (let i = 0; i < message.roles.length; ++i)
                            $root.Electric.Satellite.SatPerms.Role.encode(message.roles[i], writer.uint32(34).fork(), q + 1).ldelim();
                    return writer;
                };

                Roles.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.Electric.Satellite.SatPerms.Roles();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.id = $readUint64(reader);
                                break;
                            }
                        case 2: {
                                message.parentId = $readUint64(reader);
                                break;
                            }
                        case 3: {
                                message.rulesId = $readUint64(reader);
                                break;
                            }
                        case 4: {
                                if (!(message.roles && message.roles.length))
                                    message.roles = [];
                                message.roles.push($root.Electric.Satellite.SatPerms.Role.decode(reader, reader.uint32(), undefined, long + 1));
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                return Roles;
            })();

            return SatPerms;
        })();

        return Satellite;
    })();

    return Electric;
})();

export { $root as default };
