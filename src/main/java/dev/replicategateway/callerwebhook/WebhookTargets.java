package dev.replicategateway.callerwebhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import okhttp3.Dns;
import org.springframework.stereotype.Component;

/**
 * Where a caller's webhooks may go: an https URL of a public host. Private, loopback, link-local and
 * shared addresses are refused (a webhook must not become a way into this service's own network), when
 * asked and again at each delivery, whatever the name resolves to by then. Development and tests allow
 * them with {@code GATEWAY_CALLER_WEBHOOKS_ALLOW_PRIVATE=true}.
 */
@Component
class WebhookTargets {

    static final int MAX_URL_LENGTH = 2048;

    private final CallerWebhookProperties properties;

    WebhookTargets(CallerWebhookProperties properties) {
        this.properties = properties;
    }

    /** What is wrong with {@code url} as a webhook target, or null when nothing is. */
    String problemOf(String url) {
        if (url.length() > MAX_URL_LENGTH) {
            return "must be at most " + MAX_URL_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "must be an absolute https URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean allowedScheme = scheme.equals("https") || (properties.allowPrivate() && scheme.equals("http"));
        if (!allowedScheme || uri.getHost() == null || uri.getRawFragment() != null) {
            return properties.allowPrivate() ? "must be an absolute http(s) URL" : "must be an absolute https URL";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry a user name or password";
        }
        if (properties.allowPrivate()) {
            return null;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (isPrivate(address)) {
                    return "must be a public host: " + uri.getHost() + " is a private, loopback or link-local address";
                }
            }
        } catch (UnknownHostException e) {
            return "must be a host that resolves: " + uri.getHost() + " does not";
        }
        return null;
    }

    /** Name resolution for deliveries: a host that now resolves to a private address is not reached. */
    Dns dns() {
        if (properties.allowPrivate()) {
            return Dns.SYSTEM;
        }
        return host -> {
            List<InetAddress> addresses = Dns.SYSTEM.lookup(host);
            for (InetAddress address : addresses) {
                if (isPrivate(address)) {
                    throw new UnknownHostException(host + " resolves to a private address; not delivered");
                }
            }
            return addresses;
        };
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            // 100.64/10 (shared, carrier NAT), 192.0.0/24, 198.18/15 (benchmarks), 0/8, 240/4
            return (first == 100 && second >= 64 && second < 128)
                    || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0)
                    || (first == 198 && (second == 18 || second == 19))
                    || first == 0
                    || first >= 240;
        }
        if (address instanceof Inet6Address) {
            // fc00::/7: unique local
            return (bytes[0] & 0xfe) == 0xfc;
        }
        return false;
    }
}
