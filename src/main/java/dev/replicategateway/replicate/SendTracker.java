package dev.replicategateway.replicate;

import okhttp3.Call;
import okhttp3.EventListener;

/**
 * Records whether OkHttp began writing a request. A failure before that point means Replicate never
 * saw the request, which is what makes a create safe to repeat.
 */
final class SendTracker {

    private volatile boolean sent;

    boolean sent() {
        return sent;
    }

    static final EventListener.Factory LISTENER_FACTORY = call -> {
        SendTracker tracker = call.request().tag(SendTracker.class);
        return tracker == null ? EventListener.NONE : new Listener(tracker);
    };

    private static final class Listener extends EventListener {
        private final SendTracker tracker;

        Listener(SendTracker tracker) {
            this.tracker = tracker;
        }

        @Override
        public void requestHeadersStart(Call call) {
            tracker.sent = true;
        }
    }
}
