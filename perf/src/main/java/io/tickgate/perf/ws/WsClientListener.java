package io.tickgate.perf.ws;

/**
 * What the NIO client engine tells about one connection, always on that connection's IO thread: it is open, a whole
 * data frame arrived (payload in place, valid during the call only), the server closed it, or it failed.
 */
public interface WsClientListener
{
    void onOpen();

    void onTextFrame(byte[] payload, int offset, int length);

    void onBinaryFrame(byte[] payload, int offset, int length);

    /** A close frame arrived; {@code code} is {@link WsFrameParser#NO_STATUS} when it carried none. */
    void onClosed(int code, String reason);

    void onFailed(Throwable error);
}
