package dev.replicategateway.caller;

import java.util.Objects;

/**
 * Who a request is from: the caller (an API key's name, whose work it owns) and, when it came with a
 * client token, the caller's end user it acts for.
 *
 * @param name the caller's name; {@value #ANONYMOUS} when the API runs open
 * @param user the end user of a client token, or null
 * @param via how the request proved it
 */
public record Caller(String name, String user, Via via) {

    public static final String ANONYMOUS = "anonymous";

    /** How a request proved who it is. */
    public enum Via {
        /** No keys configured: local development, everyone is {@value #ANONYMOUS}. */
        OPEN,
        /** An API key, held by the product's backend. */
        KEY,
        /** A short-lived client token minted with a key, held by a browser. */
        TOKEN,
        /** A signed link to one output or event stream. */
        LINK
    }

    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(via, "via");
    }

    static Caller open() {
        return new Caller(ANONYMOUS, null, Via.OPEN);
    }

    /** Whether this caller may mint client tokens: only with a key (or with none configured), never with a token. */
    boolean mayMintTokens() {
        return via == Via.KEY || via == Via.OPEN;
    }

    /** Whether work made for {@code owner} and {@code forUser} is this caller's to see. */
    public boolean owns(String owner, String forUser) {
        return name.equals(owner) && (user == null || user.equals(forUser));
    }
}
