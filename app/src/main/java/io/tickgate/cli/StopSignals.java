package io.tickgate.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Runs an action on SIGTERM and SIGINT instead of letting the JVM exit, so a command can stop cleanly and still exit
 * 0 (a JVM ended by a signal exits 143 or 130, which a supervisor reads as a failure; a shutdown hook cannot change
 * that); and one on SIGHUP (reload). {@code sun.misc.Signal} is the JDK's only way to do it; it is reached by
 * reflection because javac warns at every compile-time use of it and no option silences that warning, while the build
 * treats warnings as errors.
 */
final class StopSignals
{
    private StopSignals()
    {
    }

    /**
     * @param onStop run on the JVM's signal thread when SIGTERM or SIGINT arrives; it should only flag the stop.
     */
    static void onStop(final Runnable onStop)
    {
        handle(onStop, "TERM", "INT");
    }

    /**
     * @param onReload run on the JVM's signal thread when SIGHUP arrives (instead of the JVM exiting).
     */
    static void onReload(final Runnable onReload)
    {
        handle(onReload, "HUP");
    }

    private static void handle(final Runnable action, final String... names)
    {
        try
        {
            final Class<?> signalClass = Class.forName("sun.misc.Signal");
            final Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            final Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(),
                new Class<?>[]{ handlerClass }, (proxy, method, args) ->
                {
                    if ("handle".equals(method.getName()))
                    {
                        action.run();
                    }
                    return null;
                });
            for (final String name : names)
            {
                final Object signal = signalClass.getConstructor(String.class).newInstance(name);
                signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            }
        }
        catch (final ClassNotFoundException | NoSuchMethodException | InstantiationException |
            IllegalAccessException | InvocationTargetException ex)
        {
            throw new IllegalStateException("cannot handle SIG" + String.join("/SIG", names) + " on this JVM", ex);
        }
    }
}
