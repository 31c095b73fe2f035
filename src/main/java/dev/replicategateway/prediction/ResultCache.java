package dev.replicategateway.prediction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.replicategateway.common.OptionalBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Answers a request from an earlier identical one: the same caller, the same resolved version and the
 * same whole input, an explicit {@code seed} included (without one, two runs are different images),
 * whose outputs are all kept. Such a request costs nothing and calls nothing upstream.
 */
@Service
public class ResultCache {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final PredictionRows rows;
    private final OptionalBean<KeptOutputs> keptOutputs;

    ResultCache(PredictionRows rows, ObjectProvider<KeptOutputs> keptOutputs) {
        this.rows = rows;
        this.keptOutputs = OptionalBean.of(keptOutputs);
    }

    /**
     * What identifies the result of {@code input} on {@code version}: SHA-256 of both; null (never cached)
     * when the input has no seed or the version is unknown.
     */
    public static String inputHash(String version, Map<String, Object> input) {
        if (version == null || !(input.get("seed") instanceof Number)) {
            return null;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(version.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(CANONICAL.writeValueAsBytes(input));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot hash the input", e);
        }
    }

    /** The owner's earlier succeeded prediction with this result, all of whose outputs are kept. */
    public Optional<Prediction> reusable(String owner, String inputHash) {
        KeptOutputs kept = keptOutputs.get();
        if (inputHash == null || kept == null) {
            return Optional.empty();
        }
        return rows.succeededWithInput(owner, inputHash, 5).stream()
                .filter(candidate -> {
                    KeptOutputs.Status status = kept.of(candidate);
                    return status != null && status.persisted();
                })
                .findFirst();
    }
}
