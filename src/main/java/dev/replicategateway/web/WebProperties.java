package dev.replicategateway.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of this API's HTTP layer.
 *
 * @param maxBodySize largest JSON body accepted by the API
 * @param maxBodyWithImagesSize largest JSON body of a generation, which may carry input images as
 *     {@code data:} URLs (larger images: multipart)
 * @param maxWebhookBodySize largest webhook body accepted (Replicate's payloads carry logs and inputs)
 */
@ConfigurationProperties("gateway.http")
public record WebProperties(
        @DefaultValue("256KB") DataSize maxBodySize,
        @DefaultValue("4MB") DataSize maxBodyWithImagesSize,
        @DefaultValue("10MB") DataSize maxWebhookBodySize) {}
