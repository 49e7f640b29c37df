package io.tickgate.perf.nullgateway;

/** What the null gateway counts, printed every 10 s. <b>Note:</b> its one thread only. */
final class Counters
{
    long ticksIn;
    long messagesOut;
    long framesOut;
    long cutOffs;
}
