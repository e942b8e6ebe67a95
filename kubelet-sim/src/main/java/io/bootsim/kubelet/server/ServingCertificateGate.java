package io.bootsim.kubelet.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the kubelet's TLS does with a ClientHello when it has no serving certificate yet
 * (serverTLSBootstrap before the serving CSR is issued): tls.Config.GetCertificate returns "no
 * serving certificate available for the kubelet", so Go's handshake answers with a fatal
 * internal_error alert (clients print "remote error: tls: internal error") and net/http logs the
 * handshake error. The JDK would answer handshake_failure; this handler sits ahead of the TLS
 * handler, answers as Go does when there is no certificate, and otherwise hands the connection to TLS.
 */
// upstream: pkg/kubelet/kubelet.go (GetCertificate), go src/crypto/tls/handshake_server.go processClientHello,
// handshake_server_tls13.go pickCertificate (alertInternalError), conn.go writeRecordLocked
final class ServingCertificateGate extends ByteToMessageDecoder {

    static final String NO_SERVING_CERTIFICATE = "no serving certificate available for the kubelet";

    /**
     * The alert record: type alert (21), version 0x0303 (TLS 1.3 freezes the record version at 1.2, and a
     * TLS 1.2 handshake has negotiated 1.2 by the time the certificate is picked), length 2, fatal (2),
     * internal_error (80). Sent in the clear: no keys exist yet.
     */
    static final byte[] INTERNAL_ERROR_ALERT = {21, 3, 3, 0, 2, 2, 80};

    private static final int HANDSHAKE = 22;

    private final BooleanSupplier hasServingCertificate;
    private final Supplier<SslHandler> tls;
    private final Consumer<String> handshakeFailed;
    private boolean rejected;

    /**
     * @param tls             makes the connection's TLS handler, put in this handler's place
     * @param handshakeFailed records the failure (the kubelet's log line); runs before the peer can see it
     */
    ServingCertificateGate(BooleanSupplier hasServingCertificate, Supplier<SslHandler> tls, Consumer<String> handshakeFailed) {
        this.hasServingCertificate = hasServingCertificate;
        this.tls = tls;
        this.handshakeFailed = handshakeFailed;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!in.isReadable()) {
            return;
        }
        if (in.getUnsignedByte(in.readerIndex()) == HANDSHAKE && !hasServingCertificate.getAsBoolean()) {
            rejected = true;
            in.skipBytes(in.readableBytes());
            handshakeFailed.accept(NO_SERVING_CERTIFICATE);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(INTERNAL_ERROR_ALERT)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        // What is buffered here moves on to the TLS handler when this one leaves the pipeline.
        ctx.pipeline().replace(this, "tls", tls.get());
    }
}
