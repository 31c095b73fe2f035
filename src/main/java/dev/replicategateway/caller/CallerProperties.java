package dev.replicategateway.caller;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call, and how much.
 *
 * @param apiKeys {@code name:key,name2:key2} ({@code GATEWAY_API_KEYS}); empty: open (local development only)
 * @param adminKey the key of every actuator endpoint but health ({@code GATEWAY_ADMIN_KEY})
 * @param quota the default quota of every key
 * @param quotas quotas of named keys, overriding the default field by field
 */
@Validated
@ConfigurationProperties("gateway.callers")
public record CallerProperties(
        String apiKeys,
        String adminKey,
        @NotNull @DefaultValue Quota quota,
        @NotNull @DefaultValue Map<String, Quota> quotas) {

    /**
     * @param requestsPerMinute API requests per minute
     * @param predictionsPerDay predictions and trainings accepted per UTC day
     * @param dailySpendBudget estimated US dollars per UTC day; null for no budget
     */
    public record Quota(
            @Min(1) @DefaultValue("600") Integer requestsPerMinute,
            @Min(1) @DefaultValue("1000") Integer predictionsPerDay,
            Double dailySpendBudget) {

        Quota over(Quota defaults) {
            return new Quota(
                    requestsPerMinute != null ? requestsPerMinute : defaults.requestsPerMinute(),
                    predictionsPerDay != null ? predictionsPerDay : defaults.predictionsPerDay(),
                    dailySpendBudget != null ? dailySpendBudget : defaults.dailySpendBudget());
        }
    }

    public Quota quotaOf(String caller) {
        Quota own = quotas.get(caller);
        return own == null ? quota : own.over(quota);
    }

    @Override
    public String toString() {
        return "CallerProperties[apiKeys=******, adminKey=******, quota=" + quota + "]";
    }
}
