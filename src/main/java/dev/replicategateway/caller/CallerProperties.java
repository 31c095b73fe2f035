package dev.replicategateway.caller;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call, and how much.
 *
 * @param apiKeys {@code name:key,name2:key2} ({@code GATEWAY_API_KEYS}); empty: open (simulator mode,
 *     or with {@code allowOpen})
 * @param adminKey the key of every actuator endpoint but health, and of health's details
 *     ({@code GATEWAY_ADMIN_KEY}, at least 32 characters)
 * @param allowOpen with a real Replicate token and no keys the service refuses to start, unless this
 *     is set ({@code GATEWAY_ALLOW_OPEN=true}): anyone who reaches it could spend the account's money
 * @param failedAttemptsPerMinute wrong keys or tokens accepted from one client address a minute
 *     before it is refused for the rest of the minute
 * @param quota the default quota of every key
 * @param quotas quotas of named keys, overriding the default field by field
 * @param rateLimitSlack on PostgreSQL, the requests of one key (or end user) an instance may admit from
 *     its own copy of the shared requests-per-minute bucket before counting them there (at the latest
 *     250 ms later): fewer round trips per request, but between two counts the instances together may
 *     admit up to this many each beyond the limit. 0 (the default): every request is counted in
 *     PostgreSQL before it is admitted. Upstream budgets are always counted exactly
 */
@Validated
@ConfigurationProperties("gateway.callers")
public record CallerProperties(
        String apiKeys,
        String adminKey,
        @DefaultValue("false") boolean allowOpen,
        @Min(1) @DefaultValue("20") int failedAttemptsPerMinute,
        @NotNull @Valid @DefaultValue Quota quota,
        @NotNull @DefaultValue Map<String, @Valid Quota> quotas,
        @Min(0) @DefaultValue("0") int rateLimitSlack) {

    /** The names of the callers that have a key (none when the API is open). */
    public List<String> callerNames() {
        if (apiKeys == null || apiKeys.isBlank()) {
            return List.of();
        }
        return Arrays.stream(apiKeys.split(","))
                .map(String::trim)
                .filter(pair -> pair.indexOf(':') > 0)
                .map(pair -> pair.substring(0, pair.indexOf(':')))
                .distinct()
                .toList();
    }

    /**
     * @param requestsPerMinute API requests per minute
     * @param predictionsPerDay predictions and trainings accepted per UTC day
     * @param dailySpendBudget estimated US dollars per UTC day (work queued or running counts at its
     *     estimate); null for no budget
     * @param models the models this key may run or train with ({@code owner/name} patterns, {@code *}
     *     a wildcard, e.g. {@code black-forest-labs/*}); empty: any
     * @param user the quota of each end user (client tokens) of this key
     */
    public record Quota(
            @Min(1) Integer requestsPerMinute,
            @Min(1) Integer predictionsPerDay,
            Double dailySpendBudget,
            List<String> models,
            @Valid UserQuota user) {

        static final Quota DEFAULTS = new Quota(600, 1000, null, List.of(), UserQuota.DEFAULTS);

        Quota over(Quota defaults) {
            return new Quota(
                    requestsPerMinute != null ? requestsPerMinute : defaults.requestsPerMinute(),
                    predictionsPerDay != null ? predictionsPerDay : defaults.predictionsPerDay(),
                    dailySpendBudget != null ? dailySpendBudget : defaults.dailySpendBudget(),
                    models != null && !models.isEmpty() ? models : defaults.models(),
                    user == null ? defaults.user() : user.over(defaults.user()));
        }
    }

    /**
     * @param requestsPerMinute API requests per minute of one end user
     * @param predictionsPerDay predictions and trainings accepted per UTC day for one end user
     */
    public record UserQuota(
            @Min(1) Integer requestsPerMinute, @Min(1) Integer predictionsPerDay) {

        static final UserQuota DEFAULTS = new UserQuota(120, 100);

        UserQuota over(UserQuota defaults) {
            return new UserQuota(
                    requestsPerMinute != null ? requestsPerMinute : defaults.requestsPerMinute(),
                    predictionsPerDay != null ? predictionsPerDay : defaults.predictionsPerDay());
        }
    }

    /** The quota of {@code caller}: its own fields where set, else the default's, else the built-in ones. */
    public Quota quotaOf(String caller) {
        Quota defaults = quota.over(Quota.DEFAULTS);
        Quota own = quotas.get(caller);
        return own == null ? defaults : own.over(defaults);
    }

    @Override
    public String toString() {
        return "CallerProperties[apiKeys=******, adminKey=******, allowOpen=" + allowOpen + ", quota=" + quota + "]";
    }
}
