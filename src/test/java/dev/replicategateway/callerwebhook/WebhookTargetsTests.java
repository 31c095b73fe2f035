package dev.replicategateway.callerwebhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/** Where callers' webhooks may go in production: public https hosts only. */
class WebhookTargetsTests {

    private final WebhookTargets production = new WebhookTargets(properties(false));
    private final WebhookTargets development = new WebhookTargets(properties(true));

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://example.com/hook",
                "ftp://example.com/hook",
                "https://127.0.0.1/hook",
                "https://localhost:8443/hook",
                "https://10.1.2.3/hook",
                "https://192.168.0.7/hook",
                "https://172.20.0.1/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://100.64.0.1/hook",
                "https://[::1]/hook",
                "https://[fd00::1]/hook",
                "https://0.0.0.0/hook",
                "https://user:secret@example.com/hook",
                "not a url",
                "/relative/hook"
            })
    void aPrivateOrNonHttpsTargetIsRefusedInProduction(String url) {
        assertThat(production.problemOf(url)).isNotNull();
    }

    @Test
    void aPublicHttpsAddressIsTakenAndDevelopmentMayUseThisMachine() {
        assertThat(production.problemOf("https://93.184.215.14/hooks/replicate"))
                .isNull();
        assertThat(development.problemOf("http://127.0.0.1:9000/hook")).isNull();
        assertThat(production.problemOf("https://example.com/" + "x".repeat(2100)))
                .contains("at most");
    }

    @Test
    void aNameThatResolvesToAPrivateAddressAtDeliveryIsNotReached() {
        assertThatThrownBy(() -> production.dns().lookup("localhost"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("private address");
    }

    @Test
    void sharedAndUniqueLocalRangesCountAsPrivate() throws Exception {
        assertThat(WebhookTargets.isPrivate(InetAddress.getByName("100.127.255.255")))
                .isTrue();
        assertThat(WebhookTargets.isPrivate(InetAddress.getByName("198.18.0.1")))
                .isTrue();
        assertThat(WebhookTargets.isPrivate(InetAddress.getByName("8.8.8.8"))).isFalse();
        assertThat(WebhookTargets.isPrivate(InetAddress.getByName("2606:4700::1111")))
                .isFalse();
    }

    private static CallerWebhookProperties properties(boolean allowPrivate) {
        return new CallerWebhookProperties(
                allowPrivate,
                Duration.ofSeconds(15),
                Duration.ofSeconds(10),
                3,
                Duration.ofHours(6),
                Duration.ofHours(25),
                4,
                16,
                DataSize.ofMegabytes(1),
                Duration.ofMinutes(2));
    }
}
