package dev.affinity.session;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Hears of session entries written by other nodes: each entry added, updated or merged after a
 * split whose value passes {@code writtenByOthers} (a value of {@code null} passes: the event was
 * already selected on the members) names its key to {@code written}.
 */
final class OtherWriters implements EntryAddedListener<String, Object>, EntryUpdatedListener<String, Object>,
        EntryMergedListener<String, Object> {
    private final Predicate<Object> writtenByOthers;
    private final Consumer<String> written;

    OtherWriters(Predicate<Object> writtenByOthers, Consumer<String> written) {
        this.writtenByOthers = writtenByOthers;
        this.written = written;
    }

    @Override
    public void entryAdded(EntryEvent<String, Object> event) {
        heard(event);
    }

    @Override
    public void entryUpdated(EntryEvent<String, Object> event) {
        heard(event);
    }

    @Override
    public void entryMerged(EntryEvent<String, Object> event) {
        heard(event);
    }

    private void heard(EntryEvent<String, Object> event) {
        Object value = event.getValue();
        if (value == null || writtenByOthers.test(value)) {
            written.accept(event.getKey());
        }
    }
}
