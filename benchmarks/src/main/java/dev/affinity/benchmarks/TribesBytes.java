package dev.affinity.benchmarks;

import org.apache.catalina.tribes.ChannelException;
import org.apache.catalina.tribes.ChannelMessage;
import org.apache.catalina.tribes.Member;
import org.apache.catalina.tribes.group.ChannelInterceptorBase;
import org.apache.catalina.tribes.group.InterceptorPayload;
import java.util.concurrent.atomic.AtomicLong;

/** A Tribes channel interceptor that counts the messages a node sends and their bytes, once per destination member. */
final class TribesBytes extends ChannelInterceptorBase {
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    @Override
    public void sendMessage(Member[] destination, ChannelMessage msg, InterceptorPayload payload) throws ChannelException {
        messages.addAndGet(destination.length);
        bytes.addAndGet((long) destination.length * msg.getMessage().getLength());
        super.sendMessage(destination, msg, payload);
    }

    /** {messages sent, bytes sent}. */
    long[] totals() {
        return new long[] {messages.get(), bytes.get()};
    }
}
