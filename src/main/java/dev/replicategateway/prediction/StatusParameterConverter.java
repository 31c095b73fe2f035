package dev.replicategateway.prediction;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Lets {@code ?status=succeeded} name a status as the API writes it. */
@Component
class StatusParameterConverter implements Converter<String, PredictionStatus> {

    @Override
    public PredictionStatus convert(String source) {
        return PredictionStatus.fromWire(source);
    }
}
