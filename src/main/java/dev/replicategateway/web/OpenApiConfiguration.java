package dev.replicategateway.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description ({@code /v3/api-docs}, UI at {@code /swagger-ui.html}): bearer API keys, and
 * the problem-detail errors every operation can answer, so clients see them without reading code.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final Map<String, String> COMMON_ERRORS = Map.of(
            "400", "Invalid request: `errors` lists every bad field",
            "401", "Missing or wrong API key",
            "413", "Request body too large",
            "429", "Over the key's quota; see Retry-After and RateLimit-* headers",
            "500", "Unexpected failure (logged; no internals in the body)");

    @Bean
    OpenAPI gatewayOpenApi() {
        return new OpenAPI()
                .info(
                        new Info()
                                .title("replicate-gateway")
                                .version("v1")
                                .description(
                                        "Generate images and train LoRA models with Replicate, durably and without paying twice."))
                .components(new Components()
                        .addSecuritySchemes(
                                "apiKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer"))
                        .addSchemas(
                                "Problem",
                                new Schema<>()
                                        .type("object")
                                        .description("RFC 9457 problem details")
                                        .addProperty(
                                                "type",
                                                new Schema<>().type("string").example("/problems/invalid-request"))
                                        .addProperty(
                                                "title",
                                                new Schema<>().type("string").example("Invalid request"))
                                        .addProperty(
                                                "status",
                                                new Schema<>().type("integer").example(400))
                                        .addProperty(
                                                "detail",
                                                new Schema<>()
                                                        .type("string")
                                                        .example("The request has 1 invalid field: num_outputs"))
                                        .addProperty(
                                                "errors",
                                                new Schema<>().type("array").description("field errors (400 only)"))))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> openApi.getPaths()
                .forEach((path, item) -> item.readOperations().forEach(operation -> {
                    if (path.startsWith("/webhooks")) {
                        return;
                    }
                    COMMON_ERRORS.forEach((status, description) -> operation
                            .getResponses()
                            .putIfAbsent(
                                    status,
                                    new ApiResponse()
                                            .description(description)
                                            .content(new Content()
                                                    .addMediaType(
                                                            "application/problem+json",
                                                            new MediaType()
                                                                    .schema(new Schema<>()
                                                                            .$ref("#/components/schemas/Problem"))))));
                }));
    }
}
