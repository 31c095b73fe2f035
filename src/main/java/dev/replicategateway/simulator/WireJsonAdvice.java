package dev.replicategateway.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Writes the simulator's JSON objects as Replicate does, null fields included ({@code "output": null},
 * {@code "latest_version": null}): the application's own mapper leaves nulls out.
 */
@ControllerAdvice(basePackageClasses = WireJsonAdvice.class)
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class WireJsonAdvice implements ResponseBodyAdvice<Object> {

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        return body instanceof Map<?, ?> map && MediaType.APPLICATION_JSON.isCompatibleWith(selectedContentType)
                ? json.valueToTree(map)
                : body;
    }
}
