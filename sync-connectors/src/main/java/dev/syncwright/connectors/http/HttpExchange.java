package dev.syncwright.connectors.http;

import dev.syncwright.connectors.internal.Texts;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Sends one request and waits a bounded time for a bounded response; never throws for network failures. */
final class HttpExchange {
    private HttpExchange() {
    }

    /**
     * What came back.
     *
     * @param status  the HTTP status, or -1 when no response came
     * @param body    the response body, at most the configured number of bytes
     * @param headers the response headers, empty when no response came
     * @param failure why no response came (a transient reason), else null
     */
    record Answer(int status, byte[] body, HttpHeaders headers, String failure) {
    }

    static Answer send(HttpClient client, HttpRequest request, HttpSettings settings) {
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, info -> new LimitedBody(settings.maxResponseBytes()));
        // the request timeout covers the headers only; this bound covers the body too, so nothing hangs
        Duration bound = settings.requestTimeout().plusMillis(500);
        try {
            HttpResponse<byte[]> response = future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.body(), response.headers(), null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return failure("no complete answer from " + settings.safeUrl() + " within " + settings.requestTimeout());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return failure("interrupted while waiting for " + settings.safeUrl());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                return failure("cannot connect to " + settings.safeUrl() + " within " + settings.connectTimeout());
            }
            if (cause instanceof HttpTimeoutException) {
                return failure("no answer from " + settings.safeUrl() + " within " + settings.requestTimeout());
            }
            if (cause instanceof ConnectException) {
                return failure("cannot connect to " + settings.safeUrl() + " (connection refused)");
            }
            return failure("request to " + settings.safeUrl() + " failed: " + settings.redact(Texts.describe(cause)));
        }
    }

    private static Answer failure(String why) {
        return new Answer(-1, new byte[0], HttpHeaders.of(java.util.Map.of(), (a, b) -> true), why);
    }

    /** Collects a body up to a limit, then stops reading; the limit keeps a hostile server from filling memory. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int limit;
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                int take = Math.min(item.remaining(), limit - out.size());
                byte[] bytes = new byte[take];
                item.get(bytes);
                out.write(bytes, 0, take);
                if (out.size() >= limit && item.hasRemaining()) {
                    subscription.cancel();
                    result.complete(out.toByteArray());
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
