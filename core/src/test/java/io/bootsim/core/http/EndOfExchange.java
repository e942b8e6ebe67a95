package io.bootsim.core.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;

import java.util.concurrent.CompletableFuture;

/** An exchange that only records how it ended: with its failure, or with null for a whole response. */
final class EndOfExchange implements HttpConnection.Exchange {

    final CompletableFuture<Throwable> ended = new CompletableFuture<>();

    @Override
    public void head(HttpResponse response) {
    }

    @Override
    public void content(ByteBuf content) {
    }

    @Override
    public void end(boolean keepAlive) {
        ended.complete(null);
    }

    @Override
    public void failed(Throwable cause) {
        ended.complete(cause);
    }
}
