package dev.replicategateway.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeysTests {

    @Test
    void keysIdentifyTheirCallerAndNothingElseDoes() {
        ApiKeys keys = ApiKeys.parse(
                " web:web-key-0123456789abc , mobile:mobile-key-0123456789", "admin-key-0123456789-0123456789abcdef");
        assertThat(keys.callerOf("web-key-0123456789abc")).contains("web");
        assertThat(keys.callerOf("mobile-key-0123456789")).contains("mobile");
        assertThat(keys.callerOf("web-key-0123456789ab")).isEmpty();
        assertThat(keys.callerOf("admin-key-0123456789-0123456789abcdef")).isEmpty();
        assertThat(keys.isAdmin("admin-key-0123456789-0123456789abcdef")).isTrue();
        assertThat(keys.isAdmin("web-key-0123456789abc")).isFalse();
        assertThat(keys.isOpen()).isFalse();
    }

    @Test
    void noKeysMeansOpenAndNoAdmin() {
        ApiKeys keys = ApiKeys.parse("", null);
        assertThat(keys.isOpen()).isTrue();
        assertThat(keys.isAdmin("")).isFalse();
    }

    @Test
    void malformedOrShortKeysAreRefusedAtStartup() {
        assertThatThrownBy(() -> ApiKeys.parse("justakey", null)).hasMessageContaining("name:key");
        assertThatThrownBy(() -> ApiKeys.parse("web:short", null)).hasMessageContaining("shorter than 16");
    }

    @Test
    void anAdminKeyShorterThanThirtyTwoCharactersIsRefusedAtStartup() {
        assertThatThrownBy(() -> ApiKeys.parse("web:web-key-0123456789abc", "short-admin-key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32")
                .hasMessageNotContaining("short-admin-key");
    }
}
