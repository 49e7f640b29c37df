package io.tickgate.perf.load;

import java.io.PrintStream;

/**
 * The CPU of the load generator and, when its pid is known and {@code /proc} lets us read it, of the gateway:
 * sampled once a second by the reporter, marked at the measured window's start and end.
 */
final class CpuMeters
{
    private final ProcCpu own = ProcCpu.self();
    private final ProcCpu gateway;
    private final int gatewayPid;

    /** @param gatewayPid 0 when unknown. */
    CpuMeters(final int gatewayPid, final PrintStream log)
    {
        this.gatewayPid = gatewayPid;
        ProcCpu g = null;
        if (gatewayPid > 0)
        {
            g = ProcCpu.of(gatewayPid);
            if (!g.readable())
            {
                log.printf("note: /proc/%d/stat is not readable; no gateway CPU%n", gatewayPid);
                g = null;
            }
        }
        gateway = g;
    }

    void sample()
    {
        own.sample();
        if (null != gateway)
        {
            gateway.sample();
        }
    }

    void markStart()
    {
        own.markStart();
        if (null != gateway)
        {
            gateway.markStart();
        }
    }

    void markEnd()
    {
        own.markEnd();
        if (null != gateway)
        {
            gateway.markEnd();
        }
    }

    /** Use since the previous sample, for the progress line: "12%" or "12% gw 40%". */
    String lastPercents()
    {
        return own.lastPercent() + (null == gateway ? "" : " gw " + gateway.lastPercent());
    }

    String ownWindow()
    {
        return own.windowSummary();
    }

    /** The gateway's use over the window, "n/a" without its CPU. */
    String gatewayWindow()
    {
        return null == gateway ? "n/a" : gateway.windowSummary();
    }

    /** For the result block: ", gateway pid P ..." or "" without its CPU. */
    String gatewaySuffix()
    {
        return null == gateway ? "" : ", gateway pid " + gatewayPid + " " + gateway.windowSummary();
    }
}
