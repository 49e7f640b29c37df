package io.tickgate.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.WriteLock;

import java.lang.reflect.Method;

/**
 * Releases the queue's write lock that a failed write left held. Chronicle Queue (2026.2) takes its write lock
 * before rolling to a new cycle file and releases it on a {@code RuntimeException} only; mapping the new file fails
 * with a checked {@code IOException} thrown unchecked, which skips the release, and every later write would then wait
 * 15 s and time out. The writer is the journal's only appender, so after its own write failed a held lock is that
 * write's. The lock is reached by reflection because the queue keeps its accessor package-private.
 */
final class StuckWriteLock
{
    private static final Method WRITE_LOCK = writeLockAccessor();

    private StuckWriteLock()
    {
    }

    /**
     * @param queue whose write lock a failed write of this thread may hold.
     * @return whether a held lock was released; false too when the queue is closed (its lock with it).
     */
    static boolean release(final SingleChronicleQueue queue)
    {
        if (queue.isClosed())
        {
            return false;
        }
        try
        {
            final WriteLock lock = (WriteLock)WRITE_LOCK.invoke(queue);
            if (lock.locked())
            {
                lock.unlock();
                return true;
            }
            return false;
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("cannot reach the journal queue's write lock", ex);
        }
        catch (final IllegalStateException ex)
        {
            // closed while we looked: nothing left to release
            return false;
        }
    }

    private static Method writeLockAccessor()
    {
        try
        {
            final Method method = SingleChronicleQueue.class.getDeclaredMethod("writeLock");
            method.setAccessible(true);
            return method;
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
