package io.tickgate.client;

/**
 * Where the JSON decoder hands quotes and control messages. <b>Note:</b> called on the decoding thread.
 */
interface FrameSink extends QuoteSink
{
    /**
     * @param message a control message, valid only during this call.
     */
    void onControl(ControlMessage message);
}
