package dev.replicategateway.replicate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /models}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateModelRequest(
        @JsonProperty("owner") String owner,
        @JsonProperty("name") String name,
        @JsonProperty("visibility") String visibility,
        @JsonProperty("hardware") String hardware,
        @JsonProperty("description") String description) {

    public static CreateModelRequest privateModel(String owner, String name, String hardware) {
        return new CreateModelRequest(owner, name, "private", hardware, null);
    }
}
