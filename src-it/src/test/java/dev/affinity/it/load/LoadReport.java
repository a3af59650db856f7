package dev.affinity.it.load;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** What the clients of a load run saw: counts of requests, retries, failovers and errors, and every broken promise. */
final class LoadReport {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong counterReads = new AtomicLong();
    final AtomicLong itemsAdded = new AtomicLong();
    final AtomicLong priceReads = new AtomicLong();
    final AtomicLong cartReads = new AtomicLong();
    /** Attempts that found no node listening (connection refused) and were sent again to the next entry point. */
    final AtomicLong retries = new AtomicLong();
    /** {@code 503} with {@code Retry-After} (a session's backup not readable yet), sent again to the next entry point. */
    final AtomicLong unavailable = new AtomicLong();
    /** Responses for a session from another node than its previous response (the session moved). */
    final AtomicLong failovers = new AtomicLong();
    /** Requests cut after they were sent (the entry node died): their effect is unknown to the client. */
    final AtomicLong lostInFlight = new AtomicLong();
    /** Counter values one higher than the previous plus one, explained by requests lost in flight. */
    final AtomicLong explainedSkips = new AtomicLong();
    final AtomicLong getServerErrors = new AtomicLong();
    final AtomicLong postServerErrors = new AtomicLong();
    final List<String> violations = new CopyOnWriteArrayList<>();
    /** Counter values higher than the previous plus one with no request of that shopper lost: a request counted twice. */
    final List<String> unexplainedSkips = new CopyOnWriteArrayList<>();

    void violation(String what) {
        violations.add(what);
    }

    void unexplainedSkip(String what) {
        unexplainedSkips.add(what);
    }

    String summary() {
        return String.format("requests %d (counter %d, items added %d, prices %d, cart reads %d); retries after refused connections %d, after 503 Retry-After %d; "
                        + "session failovers %d; lost in flight %d (explained counter skips %d); unexplained counter skips %d; 5xx on GET %d, on POST %d; violations %d",
                requests.get(), counterReads.get(), itemsAdded.get(), priceReads.get(), cartReads.get(), retries.get(), unavailable.get(),
                failovers.get(), lostInFlight.get(), explainedSkips.get(), unexplainedSkips.size(), getServerErrors.get(), postServerErrors.get(), violations.size());
    }
}
