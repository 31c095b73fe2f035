package dev.replicategateway.support;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Just enough of an S3-compatible store, addressed path-style ({@code /bucket/key}), for the output
 * store: put, get and head of objects, head of the bucket. Every request must be SigV4-signed with the
 * expected access key, and a signed payload hash must match the body received.
 */
public final class FakeS3 extends Dispatcher {

    public record StoredObject(byte[] content, String contentType) {}

    private final String bucket;
    private final String accessKeyId;
    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    public final List<String> requests = new CopyOnWriteArrayList<>();

    public FakeS3(String bucket, String accessKeyId) {
        this.bucket = bucket;
        this.accessKeyId = accessKeyId;
    }

    /** The object under {@code key}, or null. */
    public StoredObject object(String key) {
        return objects.get(key);
    }

    /** Answers the next {@code count} requests with 503 SlowDown (S3's own throttling answer). */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    public void reset() {
        objects.clear();
        requests.clear();
        failuresLeft.set(0);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String method = request.getMethod();
        String path = request.getUrl().encodedPath();
        requests.add(method + " " + path);
        String authorization = request.getHeaders().get("Authorization");
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/")) {
            return error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist.");
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return error(503, "SlowDown", "Please reduce your request rate.");
        }
        String prefix = "/" + bucket;
        if (!path.equals(prefix) && !path.startsWith(prefix + "/")) {
            return error(404, "NoSuchBucket", "The specified bucket does not exist");
        }
        if (path.equals(prefix) || path.equals(prefix + "/")) {
            return "HEAD".equals(method)
                    ? new MockResponse.Builder().code(200).build()
                    : error(405, "MethodNotAllowed", "Only HEAD on the bucket here.");
        }
        String key = path.substring(prefix.length() + 1);
        return switch (method) {
            case "PUT" -> put(request, key);
            case "GET", "HEAD" -> get(key, "HEAD".equals(method));
            default -> error(405, "MethodNotAllowed", method + " is not supported here.");
        };
    }

    private MockResponse put(RecordedRequest request, String key) {
        byte[] body =
                request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
        String payloadHash = request.getHeaders().get("x-amz-content-sha256");
        if (payloadHash != null && payloadHash.matches("[0-9a-f]{64}") && !payloadHash.equals(sha256(body))) {
            return error(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' does not match.");
        }
        if (payloadHash != null && payloadHash.startsWith("STREAMING-")) {
            return error(501, "NotImplemented", "aws-chunked uploads are not supported by this store.");
        }
        objects.put(key, new StoredObject(body, request.getHeaders().get("Content-Type")));
        return new MockResponse.Builder()
                .code(200)
                .addHeader("ETag", "\"" + sha256(body).substring(0, 32) + "\"")
                .build();
    }

    private MockResponse get(String key, boolean head) {
        StoredObject object = objects.get(key);
        if (object == null) {
            return error(404, "NoSuchKey", "The specified key does not exist.");
        }
        var response = new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", object.contentType())
                .addHeader("ETag", "\"" + sha256(object.content()).substring(0, 32) + "\"");
        return head
                ? response.addHeader("Content-Length", object.content().length).build()
                : response.body(new okio.Buffer().write(object.content())).build();
    }

    private static MockResponse error(int status, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>fake-s3</RequestId></Error>";
        return new MockResponse.Builder()
                .code(status)
                .addHeader("Content-Type", "application/xml")
                .body(xml)
                .build();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
