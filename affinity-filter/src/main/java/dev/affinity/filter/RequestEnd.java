package dev.affinity.filter;

import dev.affinity.drain.NodeDrain;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/** Counts an asynchronous request (a forward, or the application's own) out of the drain's requests in flight when it completes. */
final class RequestEnd implements AsyncListener {
    private final NodeDrain drain;

    RequestEnd(NodeDrain drain) {
        this.drain = drain;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        drain.requestEnded();
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
