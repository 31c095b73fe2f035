package dev.replicategateway.prediction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of predictions, fed from the store (the source of truth whichever instance wrote
 * the change): each recorded state change is sent with its event id, so a client that reconnects
 * with {@code Last-Event-ID} resumes where it was; new log lines follow as they arrive; the stream
 * ends with the final state. One small scheduler reads every open stream twice a second (by default), with one
 * query of the event log and one of the rows per batch of up to {@value #BATCH} predictions watched; the writes
 * run on their own threads (virtual from Java 21), so a reader that does not keep up is skipped until
 * it does, never holding up the others, and is dropped after {@link #SLOW_READER}. Each state event is
 * written as JSON once per batch however many streams watch its prediction, and a stream's frames of one
 * push go out with one flush. A change this
 * instance commits is pushed at once (changes of {@link #NUDGE_GAP} together), not at the next tick;
 * the ticks carry what other instances wrote.
 */
@Component
class PredictionEventStreams implements DisposableBean, PredictionChanges {

    private static final Logger log = LoggerFactory.getLogger(PredictionEventStreams.class);
    static final String DEFAULT_TICK = "500ms";
    static final Duration MAX_OPEN = Duration.ofMinutes(30);
    /** Predictions read together; bounds the size of one query's list of ids. */
    static final int BATCH = 500;
    /** A stream whose last write has not returned after this long is given up. */
    static final Duration SLOW_READER = Duration.ofSeconds(10);
    /** Changes committed here within this long of each other are pushed together. */
    static final Duration NUDGE_GAP = Duration.ofMillis(20);

    private final PredictionRows rows;
    private final PredictionEvents eventLog;
    private final ObjectMapper json;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "prediction-events");
        thread.setDaemon(true);
        return thread;
    });

    private final ExecutorService writers = writers();
    /** Predictions this instance changed since the last early push. */
    private final Set<String> changedHere = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean earlyPushScheduled = new AtomicBoolean();

    /** @param tick how often every open stream is read ({@code gateway.events.tick}, {@value #DEFAULT_TICK}) */
    PredictionEventStreams(
            PredictionRows rows,
            PredictionEvents eventLog,
            ObjectMapper json,
            @Value("${gateway.events.tick:" + DEFAULT_TICK + "}") Duration tick) {
        this.rows = rows;
        this.eventLog = eventLog;
        this.json = json;
        scheduler.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    SseEmitter open(Prediction prediction, long afterEventId) {
        SseEmitter emitter = new SseEmitter(MAX_OPEN.toMillis());
        Stream stream = new Stream(prediction.id(), emitter, afterEventId);
        emitter.onCompletion(() -> streams.remove(stream));
        emitter.onTimeout(() -> streams.remove(stream));
        emitter.onError(e -> streams.remove(stream));
        // The next tick sends its history: opening many streams at once costs one read, not one each.
        streams.add(stream);
        return emitter;
    }

    @Override
    public void changed(Prediction before, Prediction after) {
        if (streams.isEmpty()) {
            return;
        }
        // Pushed once committed: read before, the change would not be seen until the next tick.
        String id = after.id();
        PredictionChanges.afterCommit(() -> pushSoon(id));
    }

    private void pushSoon(String id) {
        changedHere.add(id);
        if (earlyPushScheduled.compareAndSet(false, true)) {
            try {
                scheduler.schedule(this::pushChanged, NUDGE_GAP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                earlyPushScheduled.set(false);
            }
        }
    }

    private void pushChanged() {
        earlyPushScheduled.set(false);
        Set<String> ids = new HashSet<>();
        for (String id : changedHere) {
            changedHere.remove(id);
            ids.add(id);
        }
        pushStreams(streams.stream()
                .filter(stream -> ids.contains(stream.predictionId))
                .toList());
    }

    private void tick() {
        pushStreams(streams);
    }

    private void pushStreams(Collection<Stream> open) {
        // Batches of predictions, not of streams: many streams watching one prediction cost one row.
        Map<String, List<Stream>> byPrediction = new LinkedHashMap<>();
        for (Stream stream : open) {
            byPrediction
                    .computeIfAbsent(stream.predictionId, id -> new ArrayList<>())
                    .add(stream);
        }
        List<Stream> batch = new ArrayList<>();
        int predictions = 0;
        for (List<Stream> watching : byPrediction.values()) {
            batch.addAll(watching);
            if (++predictions == BATCH) {
                pushAll(batch);
                batch = new ArrayList<>();
                predictions = 0;
            }
        }
        if (!batch.isEmpty()) {
            pushAll(batch);
        }
    }

    /** One read of the event log and one of the rows for a whole batch of streams, whatever their number. */
    private synchronized void pushAll(List<Stream> batch) {
        Map<String, List<PredictionEvent>> events;
        Map<String, Prediction> current;
        Map<Long, Set<DataWithMediaType>> frames;
        try {
            Set<String> ids = new HashSet<>();
            long after = Long.MAX_VALUE;
            for (Stream stream : batch) {
                ids.add(stream.predictionId);
                after = Math.min(after, stream.lastEventId);
            }
            // Rows before events: a row read as final has its final event in the log already, so a
            // stream is never ended without it. An event newer than its row (the final state committed
            // in between) gets its row read again, for the output it carries.
            current = new HashMap<>();
            for (Prediction prediction : rows.findAllById(ids)) {
                current.put(prediction.id(), prediction);
            }
            events = new HashMap<>();
            Set<String> stale = new HashSet<>();
            for (PredictionEvent event : eventLog.after(ids, after)) {
                events.computeIfAbsent(event.predictionId(), id -> new ArrayList<>())
                        .add(event);
                Prediction row = current.get(event.predictionId());
                if (event.status().isFinal() && row != null && !row.status().isFinal()) {
                    stale.add(row.id());
                }
            }
            for (Prediction prediction : rows.findAllById(stale)) {
                current.put(prediction.id(), prediction);
            }
            frames = stateFrames(events, current);
        } catch (RuntimeException e) {
            log.warn("Event streams could not read the store; trying again at the next tick", e);
            return;
        }
        long now = System.nanoTime();
        for (Stream stream : batch) {
            List<PredictionEvent> mine = events.getOrDefault(stream.predictionId, List.of());
            Prediction row = current.get(stream.predictionId);
            if (!stream.writing.compareAndSet(false, true)) {
                if (now - stream.writingSince > SLOW_READER.toNanos()) {
                    log.info(
                            "Dropping the event stream of {}: its reader has not taken a write for {}",
                            stream.predictionId,
                            SLOW_READER);
                    stream.dropped = true;
                    streams.remove(stream);
                }
                continue;
            }
            if (mine.isEmpty() && row != null && row.updatedAt().equals(stream.seenUpdatedAt)) {
                stream.writing.set(false); // nothing new for it
                continue;
            }
            stream.writingSince = now;
            try {
                writers.execute(() -> {
                    try {
                        push(stream, mine, row, frames);
                    } finally {
                        stream.writing.set(false);
                        if (stream.dropped) {
                            stream.emitter.complete();
                        }
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                stream.writing.set(false);
            }
        }
    }

    /** The frame of each state event, built once for all the streams that watch its prediction. */
    private Map<Long, Set<DataWithMediaType>> stateFrames(
            Map<String, List<PredictionEvent>> events, Map<String, Prediction> current) {
        Map<Long, Set<DataWithMediaType>> frames = new HashMap<>();
        events.forEach((id, list) -> {
            Prediction row = current.get(id);
            if (row == null) {
                return; // gone: its streams are ended, not written to
            }
            for (PredictionEvent event : list) {
                frames.put(
                        event.id(),
                        SseEmitter.event()
                                .id(String.valueOf(event.id()))
                                .name("state")
                                .data(stateJson(event, row), MediaType.APPLICATION_JSON)
                                .build());
            }
        });
        return frames;
    }

    private void push(
            Stream stream,
            List<PredictionEvent> batchEvents,
            Prediction current,
            Map<Long, Set<DataWithMediaType>> frames) {
        try {
            List<PredictionEvent> events = batchEvents.stream()
                    .filter(event -> event.id() > stream.lastEventId)
                    .toList();
            if (current == null) {
                stream.emitter.complete();
                streams.remove(stream);
                return;
            }
            if (events.isEmpty() && current.status().isFinal()) {
                // Resumed after its final state: the client has had everything, logs included.
                stream.emitter.complete();
                streams.remove(stream);
                return;
            }
            Set<DataWithMediaType> out = new LinkedHashSet<>();
            boolean finished = false;
            long lastEventId = stream.lastEventId;
            for (PredictionEvent event : events) {
                if (event.status().isFinal()) {
                    addLogs(out, stream, current); // the last lines come before the state that ends the stream
                }
                out.addAll(frames.get(event.id()));
                lastEventId = event.id();
                finished = event.status().isFinal();
            }
            addLogs(out, stream, current);
            if (!out.isEmpty()) {
                stream.emitter.send(out);
            }
            stream.lastEventId = lastEventId;
            stream.seenUpdatedAt = current.updatedAt();
            if (finished) {
                stream.emitter.complete();
                streams.remove(stream);
            }
        } catch (IOException | IllegalStateException gone) {
            // The client went away; the emitter's callbacks drop the stream.
            streams.remove(stream);
        } catch (RuntimeException e) {
            log.warn("Event stream of {} failed", stream.predictionId, e);
            stream.emitter.completeWithError(e);
            streams.remove(stream);
        }
    }

    private static void addLogs(Set<DataWithMediaType> out, Stream stream, Prediction current) {
        LogDelta.Next logs = stream.logs.next(current.logs());
        if (!logs.text().isEmpty()) {
            out.addAll(SseEmitter.event().name("logs").data(logs.text()).build());
        }
        stream.logs = logs.after();
    }

    private String stateJson(PredictionEvent event, Prediction current) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", event.predictionId());
        data.put("status", event.status().wireName());
        data.put("progress", event.progress());
        data.put("at", event.at().toString());
        if (event.detail() != null && event.status() != PredictionStatus.STARTING) {
            data.put("error", event.detail());
        }
        if (event.status().isFinal()) {
            data.put("output", PredictionView.urls(current.output()));
        }
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A state event could not be written as JSON", e);
        }
    }

    /** Virtual threads where the JVM has them; else a bounded pool (a skipped busy stream holds at most one). */
    private static ExecutorService writers() {
        if (Runtime.version().feature() >= 21) {
            try {
                return (ExecutorService) Executors.class
                        .getMethod("newVirtualThreadPerTaskExecutor")
                        .invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Virtual threads unavailable on Java " + Runtime.version(), e);
            }
        }
        return Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "prediction-events-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
        writers.shutdownNow();
        // A stream in the middle of a write is left to the server's own shutdown: completing it would
        // wait for that write, which a reader that stopped reading may never let end.
        streams.stream().filter(stream -> !stream.writing.get()).forEach(stream -> stream.emitter.complete());
    }

    private static final class Stream {
        final String predictionId;
        final SseEmitter emitter;
        /** One write at a time per stream; the scheduler reads the fields below only when it is not set. */
        final AtomicBoolean writing = new AtomicBoolean();

        volatile long lastEventId;
        volatile LogDelta logs = LogDelta.NOTHING_SENT;
        /** The row's version when last written out; null until the first write. */
        volatile Instant seenUpdatedAt;

        volatile long writingSince;
        volatile boolean dropped;

        Stream(String predictionId, SseEmitter emitter, long lastEventId) {
            this.predictionId = predictionId;
            this.emitter = emitter;
            this.lastEventId = lastEventId;
        }
    }
}
