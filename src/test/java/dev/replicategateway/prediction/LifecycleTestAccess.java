package dev.replicategateway.prediction;

/** Opens the lifecycle test harness to tests of other packages (webhooks, trainings). */
public abstract class LifecycleTestAccess extends LifecycleTestSupport {

    protected void submitDue() {
        submitter.submitDue();
    }

    protected void pollDue() {
        poller.pollDue();
    }
}
