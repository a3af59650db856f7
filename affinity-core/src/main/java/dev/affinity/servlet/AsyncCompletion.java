package dev.affinity.servlet;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/**
 * Runs an action once when an asynchronous request completes, whichever way: the container calls
 * {@code onComplete} after a timeout or an error too. It stays registered when the application
 * starts async again on the same request.
 */
public final class AsyncCompletion implements AsyncListener {
    private final Runnable action;

    /** Runs {@code action} when the request completes. */
    public AsyncCompletion(Runnable action) {
        this.action = action;
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
