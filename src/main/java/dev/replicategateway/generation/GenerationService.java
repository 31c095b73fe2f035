package dev.replicategateway.generation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.caller.Caller;
import dev.replicategateway.callerwebhook.CallerWebhooks;
import dev.replicategateway.callerwebhook.WebhookBody;
import dev.replicategateway.prediction.NewPrediction;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionIntake;
import dev.replicategateway.prediction.RequestFingerprint;
import dev.replicategateway.prediction.ResultCache;
import dev.replicategateway.prediction.WorkKind;
import dev.replicategateway.pricing.Prices;
import dev.replicategateway.upload.CheckedFile;
import dev.replicategateway.upload.StoredUpload;
import dev.replicategateway.upload.UploadedInputs;
import dev.replicategateway.web.FieldError;
import dev.replicategateway.web.FieldNames;
import dev.replicategateway.web.InvalidRequestException;
import dev.replicategateway.web.PublicBaseUrl;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Plans generation requests and hands them to the durable intake; never waits on Replicate. A request
 * whose result is already kept (same caller, version and whole input, seed included) is answered from
 * it. Uploaded images are checked, sent inline when small, or through the Files API once the request is
 * sure to be admitted.
 */
@Service
class GenerationService {

    private final GenerationPlanner planner;
    private final PredictionIntake intake;
    private final ResultCache cache;
    private final ImageInputs images;
    private final UploadedInputs uploads;
    private final GenerationProperties properties;
    private final Prices prices;
    private final Validator validator;
    private final ObjectMapper json;
    private final CallerWebhooks webhooks;
    private final PublicBaseUrl baseUrl;

    GenerationService(
            GenerationPlanner planner,
            PredictionIntake intake,
            ResultCache cache,
            ImageInputs images,
            UploadedInputs uploads,
            GenerationProperties properties,
            Prices prices,
            Validator validator,
            ObjectMapper json,
            CallerWebhooks webhooks,
            PublicBaseUrl baseUrl) {
        this.planner = planner;
        this.intake = intake;
        this.cache = cache;
        this.images = images;
        this.uploads = uploads;
        this.properties = properties;
        this.prices = prices;
        this.validator = validator;
        this.json = json;
        this.webhooks = webhooks;
        this.baseUrl = baseUrl;
    }

    /** An uploaded image as the controller received it. */
    record Upload(String filename, InputStream content) {}

    PredictionIntake.Accepted generate(
            Caller caller, GenerateRequest request, List<Upload> files, String idempotencyKey, boolean fresh)
            throws IOException {
        List<FieldError> known = new ArrayList<>(FieldNames.of(validator.validate(request), ""));
        known.addAll(images.check(request.images(), ""));
        known.addAll(webhooks.problems(
                request.webhook(), request.webhookEventsFilter(), "webhook", "webhook_events_filter"));
        List<CheckedFile> received = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                Upload file = files.get(i);
                received.add(uploads.image(
                        "images[" + i + "]",
                        file.content(),
                        file.filename(),
                        properties.maxImageUpload().toBytes()));
            }
            return generate(caller, request, received, idempotencyKey, fresh, known);
        } catch (InvalidRequestException e) {
            List<FieldError> all = new ArrayList<>(known);
            e.errors().stream().filter(error -> !all.contains(error)).forEach(all::add);
            throw new InvalidRequestException(all);
        } finally {
            for (CheckedFile file : received) {
                file.close();
            }
        }
    }

    private PredictionIntake.Accepted generate(
            Caller caller,
            GenerateRequest request,
            List<CheckedFile> files,
            String idempotencyKey,
            boolean fresh,
            List<FieldError> known)
            throws IOException {
        List<String> inline = new ArrayList<>(request.images() == null ? List.of() : request.images());
        List<CheckedFile> large = new ArrayList<>();
        for (CheckedFile file : files) {
            if (images.fitsInline(file)) {
                inline.add(images.dataUrl(file));
            } else {
                large.add(file);
                inline.add("https://upload.pending/" + file.sha256());
            }
        }
        GenerateRequest planned = files.isEmpty() ? request : request.withImages(inline);
        NewPrediction item = item(planner.plan(caller, planned, "", known), request);
        String fingerprint = RequestFingerprint.of(
                json,
                "generate",
                request,
                files.stream().map(CheckedFile::sha256).toArray(String[]::new));
        if (large.isEmpty()) {
            Optional<Prediction> kept = fresh ? Optional.empty() : cache.reusable(caller.name(), item.inputHash());
            return kept.isPresent()
                    ? intake.acceptCached(
                            caller,
                            item,
                            kept.get(),
                            idempotencyKey,
                            fingerprint,
                            subscribing(caller, List.of(request)))
                    : intake.accept(
                            caller,
                            List.of(item),
                            idempotencyKey,
                            fingerprint,
                            null,
                            subscribing(caller, List.of(request)));
        }
        Optional<PredictionIntake.Accepted> replay = intake.replay(caller, idempotencyKey, fingerprint);
        if (replay.isPresent()) {
            return replay.get();
        }
        intake.check(caller, List.of(item));
        List<StoredUpload> sent = new ArrayList<>();
        try {
            for (CheckedFile file : large) {
                StoredUpload stored = uploads.upload(caller.name(), file);
                sent.add(stored);
                inline.set(inline.indexOf("https://upload.pending/" + file.sha256()), stored.url());
            }
            NewPrediction withFiles = item(planner.plan(caller, request.withImages(inline), "", List.of()), request);
            return intake.accept(
                    caller,
                    List.of(withFiles),
                    idempotencyKey,
                    fingerprint,
                    null,
                    subscribing(caller, List.of(request))
                            .andThen(stored -> sent.forEach(upload ->
                                    uploads.attach(upload, stored.get(0).id()))));
        } catch (RuntimeException refused) {
            sent.forEach(uploads::discard);
            throw refused;
        }
    }

    PredictionIntake.Accepted generateBatch(Caller caller, BatchGenerateRequest batch, String idempotencyKey) {
        List<FieldError> known = new ArrayList<>(FieldNames.of(validator.validate(batch), ""));
        List<NewPrediction> items = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        List<GenerateRequest> requests = batch.requests() == null ? List.of() : batch.requests();
        for (int i = 0; i < requests.size(); i++) {
            String prefix = "requests[" + i + "].";
            List<FieldError> mine =
                    known.stream().filter(e -> e.field().startsWith(prefix)).toList();
            known.removeAll(mine);
            if (requests.get(i) == null) {
                continue;
            }
            try {
                List<FieldError> own = new ArrayList<>(mine);
                own.addAll(images.check(requests.get(i).images(), prefix));
                own.addAll(webhooks.problems(
                        requests.get(i).webhook(),
                        requests.get(i).webhookEventsFilter(),
                        prefix + "webhook",
                        prefix + "webhook_events_filter"));
                items.add(item(planner.plan(caller, requests.get(i), prefix, own), requests.get(i)));
            } catch (InvalidRequestException e) {
                errors.addAll(e.errors());
            }
        }
        errors.addAll(known);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return intake.accept(
                caller,
                items,
                idempotencyKey,
                RequestFingerprint.of(json, "generate/batch", batch),
                null,
                subscribing(caller, requests));
    }

    /** Subscribes the webhooks the requests ask for, in the transaction that stores their predictions. */
    private Consumer<List<Prediction>> subscribing(Caller caller, List<GenerateRequest> requests) {
        if (requests.stream().allMatch(request -> request.webhook() == null)) {
            return stored -> {};
        }
        String base = baseUrl.get();
        return stored -> {
            for (int i = 0; i < stored.size(); i++) {
                GenerateRequest request = requests.get(i);
                if (request.webhook() != null) {
                    webhooks.subscribe(
                            caller.name(),
                            stored.get(i).id(),
                            request.webhook(),
                            request.webhookEventsFilter(),
                            WebhookBody.GATEWAY,
                            base);
                }
            }
        };
    }

    private NewPrediction item(GenerationPlan plan, GenerateRequest request) {
        String version = plan.model().versionId() != null
                ? plan.model().versionId()
                : plan.model().ref();
        return new NewPrediction(
                WorkKind.PREDICTION,
                plan.model().ref(),
                plan.input(),
                prices.estimate(plan.model().name(), plan.input()),
                plan.model().validated() ? ResultCache.inputHash(version, plan.input()) : null,
                request.webhook() != null);
    }
}
