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
    /** Reserved for authentication, which v1 deployments may add. */
    UNAUTHORIZED,
    /** Reserved for entitlements, which v1 deployments may add. */
    NOT_ENTITLED
}
