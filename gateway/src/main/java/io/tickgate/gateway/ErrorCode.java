package io.tickgate.gateway;

/**
 * Why a command was refused, as protocol v1 names it in {@code {"type":"error","code":...}}.
 */
public enum ErrorCode
{
    /** Not JSON, unknown op, wrong field types or an invalid symbol. */
    BAD_REQUEST,
    /** A valid symbol the journal has never defined. */
    UNKNOWN_SYMBOL,
    /** Too many symbols, commands too fast or a frame too large. */
    LIMIT,
    /** A refreshed token that is not valid, or the token in force expired. */
    UNAUTHORIZED,
    /** Symbols, or a replay, outside what the connection's token allows. */
    NOT_ENTITLED
}
