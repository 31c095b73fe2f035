package dev.replicategateway.caller;

import dev.replicategateway.web.ApiProblem;
import dev.replicategateway.web.InvalidRequestException;
import dev.replicategateway.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TokenController {

    private final ClientTokens tokens;
    private final TokenProperties properties;
    private final CurrentCaller caller;

    TokenController(ClientTokens tokens, TokenProperties properties, CurrentCaller caller) {
        this.tokens = tokens;
        this.properties = properties;
        this.caller = caller;
    }

    /**
     * @param user the product's own id of its end user (work made with the token is theirs alone)
     * @param ttl how long the token lives ({@code 15m}, {@code 900s}, {@code 1h}); at most the configured maximum
     */
    record TokenRequest(
            @Size(min = 1, max = 200)
            @Pattern(regexp = "[\\p{Graph}]+", message = "must be visible characters, no spaces")
            String user,

            @Size(max = 20) String ttl) {}

    record TokenView(String token, Instant expiresAt, String user) {}

    @Operation(
            summary = "Mint a short-lived client token for a browser (with the API key; never with a token)",
            description = "The token works on /generate, /predictions, /trainings, /models and /usage until it "
                    + "expires; work made with it belongs to the key's caller and records the user.")
    @PostMapping("/tokens")
    ResponseEntity<TokenView> mint(@Valid @RequestBody(required = false) TokenRequest request) {
        Caller current = caller.get();
        if (!current.mayMintTokens()) {
            throw new TokenNotMintable();
        }
        TokenRequest asked = request == null ? new TokenRequest(null, null) : request;
        Duration ttl = ttlOf(asked.ttl());
        ClientTokens.Minted minted = tokens.mint(current.name(), asked.user(), ttl);
        return ResponseEntity.status(HttpStatus.CREATED)
                .cacheControl(CacheControl.noStore())
                .body(new TokenView(minted.token(), minted.expiresAt(), asked.user()));
    }

    private Duration ttlOf(String ttl) {
        if (ttl == null || ttl.isBlank()) {
            return properties.defaultTtl();
        }
        Duration parsed;
        try {
            parsed = DurationStyle.detectAndParse(ttl.trim());
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of("ttl", "must be a duration such as 15m, 900s or 1h");
        }
        if (parsed.compareTo(Duration.ofSeconds(10)) < 0 || parsed.compareTo(properties.maxTtl()) > 0) {
            throw InvalidRequestException.of("ttl", "must be between 10s and " + properties.maxTtl());
        }
        return parsed;
    }

    static final class TokenNotMintable extends ApiProblem {
        TokenNotMintable() {
            super(
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN,
                    "Tokens need the API key",
                    "A client token cannot mint tokens; the product's backend mints them with its API key.");
        }
    }
}
