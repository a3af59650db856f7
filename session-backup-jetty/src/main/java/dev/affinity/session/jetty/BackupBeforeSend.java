package dev.affinity.session.jetty;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.util.Callback;

/**
 * Sync mode's guarantee on Jetty: when the response head is about to be sent (the response
 * commits), the request's session changes are written first; when the write is not acknowledged,
 * the response is replaced by a {@code 503} with {@code Retry-After}, and whatever the application
 * still sends is discarded. Changes made after the response committed are written when the request
 * completes, as in async mode.
 */
final class BackupBeforeSend extends HttpStream.Wrapper {
    private static final byte[] REFUSED = "the change could not be saved right now; retry in a moment\n".getBytes(StandardCharsets.UTF_8);

    private final BooleanSupplier backUp;
    private final Runnable onRefused;
    private boolean refused;

    /** Sends through {@code wrapped} once {@code backUp} answered the changes acknowledged; else the {@code 503}, telling {@code onRefused}. */
    BackupBeforeSend(HttpStream wrapped, BooleanSupplier backUp, Runnable onRefused) {
        super(wrapped);
        this.backUp = backUp;
        this.onRefused = onRefused;
    }

    @Override
    public void send(MetaData.Request request, MetaData.Response response, boolean last, ByteBuffer content, Callback callback) {
        if (refused) {
            callback.succeeded();
            return;
        }
        if (response != null && response.getStatus() >= 200 && !backUp.getAsBoolean()) {
            refused = true;
            onRefused.run();
            super.send(request, ServiceUnavailable.head(response.getHttpVersion(), REFUSED.length), true, ByteBuffer.wrap(REFUSED), callback);
            return;
        }
        super.send(request, response, last, content, callback);
    }
}
