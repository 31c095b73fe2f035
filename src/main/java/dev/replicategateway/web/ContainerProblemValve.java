package dev.replicategateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error answers (a request it refuses before Spring sees it: an encoded slash in the path,
 * an oversized header, a malformed request line) as problem details, like every other error of this
 * API, instead of Tomcat's HTML page. Public with a no-argument constructor: Tomcat builds it by name.
 */
public class ContainerProblemValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 200;

    public ContainerProblemValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean writable = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
        if (!writable.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ApiExceptionHandler.typeFor(status).toString());
        problem.put("title", known != null ? known.getReasonPhrase() : "Error");
        problem.put("status", status);
        String detail = response.getMessage();
        if ((detail == null || detail.isBlank()) && throwable != null && throwable.getMessage() != null) {
            detail = throwable.getMessage().lines().findFirst().orElse(null);
        }
        if (detail != null && !detail.isBlank()) {
            problem.put("detail", detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail);
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException gone) {
            // The client went away, or the answer was already committed: nothing more to say.
        }
    }
}
