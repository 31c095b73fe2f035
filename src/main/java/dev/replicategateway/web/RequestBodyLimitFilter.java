package dev.replicategateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds request bodies: a declared length over the limit is refused at once with 413; a chunked body
 * is counted as it is read and fails with 413 when it passes the limit. Multipart uploads are bounded
 * by Spring's multipart limits instead.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final WebProperties properties;
    private final ObjectMapper json;

    RequestBodyLimitFilter(WebProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase().startsWith("multipart/")) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getRequestURI();
        long limit = path.startsWith("/webhooks/")
                ? properties.maxWebhookBodySize().toBytes()
                : carriesImages(path)
                        ? properties.maxBodyWithImagesSize().toBytes()
                        : properties.maxBodySize().toBytes();
        if (request.getContentLengthLong() > limit) {
            response.setHeader("Connection", "close");
            ProblemResponses.write(
                    json,
                    request,
                    response,
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    ProblemTypes.BODY_TOO_LARGE,
                    "Request body too large",
                    new BodyTooLargeException(limit).getMessage());
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    /** Generations, ours and the Replicate-compatible ones, whose inputs may hold data: URLs. */
    private static boolean carriesImages(String path) {
        return path.startsWith("/generate") || (path.startsWith("/v1/") && path.endsWith("/predictions"));
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream delegate;
        private final long limit;
        private long read;

        LimitedInputStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
