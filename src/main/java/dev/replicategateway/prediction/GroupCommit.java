package dev.replicategateway.prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits concurrent accepts together, each still acknowledged only once its commit is on disk. The
 * first waiting request thread becomes the leader: it takes every accept queued so far, runs them in
 * one transaction and commits them at once, then wakes their threads. When the whole transaction cannot
 * commit, or an accept in it fails, each accept is run again in a transaction of its own, so one that
 * fails (a quota refused, an Idempotency-Key collision) fails alone.
 *
 * <p>After a failure, and until a batch runs without one, each accept of a batch runs in a savepoint of
 * its own instead, rolled back alone if it fails: a caller over its quota then costs the others nothing.
 * Not always, because a savepoint is two more round trips to PostgreSQL per accept (taken and released),
 * a third of what an accept sends it.
 *
 * <p>Each accept returns the queued predictions it admitted, and the leader inserts those of the whole
 * batch (rows and {@code queued} events) in one JDBC batch per table just before the commit: one round
 * trip to PostgreSQL each for all of them, instead of two per accept. An accept's other writes (its
 * usage, its Idempotency-Key, what a feature keeps beside it) run as it goes, so what may fail fails in it.
 * A failure in the batch's insert (none is expected: ids are random and the columns are checked before)
 * fails the batch, even in savepoints, and each of its accepts then runs alone, as for a failed commit.
 *
 * <p>So a caller's day-usage row is locked once per batch rather than once per request (accepts of one
 * caller no longer wait for each other's commits one by one), and the store writes one commit for many.
 */
@Component
class GroupCommit {

    /** Accepts in one transaction at most; the rest wait for the next. */
    static final int MAX_BATCH = 64;
    /** A follower checks again at least this often, in case a leader left without waking it. */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** How long a leader holding a single accept waits for more, when the last batch had company. */
    private static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final TransactionTemplate transactions;
    private final TransactionTemplate savepoints;
    private final PredictionRows rows;
    private final PredictionEvents events;
    private final ReentrantLock leader = new ReentrantLock();
    private final ConcurrentLinkedQueue<Job> pending = new ConcurrentLinkedQueue<>();
    /** Whether the last batch held more than one accept (read and written by the leader only). */
    private boolean busy;
    /** Whether the last batch had an accept fail or could not commit (read and written by the leader only). */
    private boolean failedLately;

    GroupCommit(PlatformTransactionManager transactionManager, PredictionRows rows, PredictionEvents events) {
        this.rows = rows;
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
        this.savepoints = new TransactionTemplate(transactionManager);
        this.savepoints.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Runs {@code work} in a transaction (shared with other accepts under way), stores the predictions
     * it returns and returns them once that transaction has committed; throws what {@code work} threw,
     * with nothing of it stored.
     */
    List<Prediction> execute(Supplier<List<Prediction>> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            List<Prediction> accepted = work.get();
            insert(accepted);
            return accepted;
        }
        Job job = new Job(work, Thread.currentThread());
        pending.add(job);
        while (!job.done) {
            if (leader.tryLock()) {
                try {
                    while (!job.done) {
                        List<Job> batch = drain(new ArrayList<>());
                        if (batch.isEmpty()) {
                            break;
                        }
                        if (batch.size() == 1 && busy) {
                            // Under load a lone accept is rarely alone for long: the others are being
                            // parsed and planned. A moment's wait lets one commit serve them too.
                            LockSupport.parkNanos(GATHER_NANOS);
                            drain(batch);
                        }
                        busy = batch.size() > 1;
                        run(batch);
                    }
                } finally {
                    leader.unlock();
                }
                Job next = pending.peek();
                if (next != null) {
                    LockSupport.unpark(next.thread);
                }
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        return job.result();
    }

    private List<Job> drain(List<Job> batch) {
        Job job;
        while (batch.size() < MAX_BATCH && (job = pending.poll()) != null) {
            batch.add(job);
        }
        return batch;
    }

    private void run(List<Job> batch) {
        if (batch.size() == 1) {
            runAlone(batch.get(0));
            return;
        }
        boolean guarded = failedLately;
        boolean committed;
        try {
            transactions.executeWithoutResult(tx -> {
                for (Job job : batch) {
                    if (guarded) {
                        // Its predictions are inserted with the batch's, below.
                        job.runIn(savepoints, accepted -> {});
                    } else {
                        job.runUnguarded();
                    }
                }
                insert(batch.stream().flatMap(Job::accepted).toList());
            });
            committed = true;
        } catch (RuntimeException | Error batchFailed) {
            committed = false;
        }
        failedLately = !committed || batch.stream().anyMatch(Job::failed);
        for (Job job : batch) {
            if (committed) {
                job.finish();
            } else {
                runAlone(job);
            }
        }
    }

    private void runAlone(Job job) {
        job.runIn(transactions, this::insert);
        job.finish();
    }

    private void insert(List<Prediction> accepted) {
        rows.insertAll(accepted);
        events.appendAccepted(accepted);
    }

    private static final class Job {
        private final Supplier<List<Prediction>> work;
        private final Thread thread;
        private List<Prediction> value;
        private Throwable failure;
        private volatile boolean done;

        Job(Supplier<List<Prediction>> work, Thread thread) {
            this.work = work;
            this.thread = thread;
        }

        /**
         * Runs the work in {@code transaction}, then hands what it accepted to {@code insert} there: a
         * savepoint inside the batch's transaction (only what it kept is committed with the others, and
         * its predictions are inserted with theirs), or a transaction of its own.
         */
        void runIn(TransactionTemplate transaction, Consumer<List<Prediction>> insert) {
            value = null;
            failure = null;
            try {
                value = transaction.execute(tx -> {
                    List<Prediction> accepted = work.get();
                    insert.accept(accepted);
                    return accepted;
                });
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }

        /**
         * Runs the work in the transaction under way, without a savepoint: if it fails, the failure
         * ends that transaction (it is rolled back, and each of its accepts run again alone).
         */
        void runUnguarded() {
            value = null;
            failure = null;
            try {
                value = work.get();
            } catch (RuntimeException | Error e) {
                failure = e;
                throw e;
            }
        }

        boolean failed() {
            return failure != null;
        }

        /** What the work accepted, to insert; none when it failed. */
        Stream<Prediction> accepted() {
            return failed() ? Stream.empty() : value.stream();
        }

        void finish() {
            done = true;
            LockSupport.unpark(thread);
        }

        List<Prediction> result() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return value;
        }
    }
}
