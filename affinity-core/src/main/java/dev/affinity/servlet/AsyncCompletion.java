package dev.affinity.servlet;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an action once when an asynchronous request ends, whichever way: the container calls
 * {@code onComplete} after a timeout or an error too. It stays registered when the application
 * starts async again on the same request.
 *
 * <p>Jetty 12 does not call the {@code AsyncListener}s of a request whose response it aborts (a
 * response committed and then failed: an async dispatch that throws, less content than its
 * {@code Content-Length}); there the action also runs from Jetty's own end of the exchange
 * ({@link JettyCompletion}), whichever comes first.
 */
public final class AsyncCompletion implements AsyncListener {
    private final Runnable action;

    private AsyncCompletion(Runnable action) {
        this.action = action;
    }

    /** Runs {@code action} once when {@code request}, whose asynchronous processing has started, ends. */
    public static void whenEnded(ServletRequest request, Runnable action) {
        Runnable once = once(action);
        request.getAsyncContext().addListener(new AsyncCompletion(once));
        JettyCompletion.whenEnded(request, once);
    }

    private static Runnable once(Runnable action) {
        AtomicBoolean ran = new AtomicBoolean();
        return () -> {
            if (ran.compareAndSet(false, true)) {
                action.run();
            }
        };
    }

    @Override
    public void onComplete(AsyncEvent event) {
        action.run();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // onComplete follows
    }

    @Override
    public void onError(AsyncEvent event) {
        // onComplete follows
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        event.getAsyncContext().addListener(this);
    }
}
