package org.pae.store.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback to a real server, which a test can cut (every connection through it
 * dropped, new ones refused at once) and mend: the store going away and coming back as a network
 * cut makes it, without stopping the server other tests use.
 */
public final class CuttableProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean cut;

  public CuttableProxy(String host, int port) throws IOException {
    this.target = new InetSocketAddress(host, port);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("proxy-accept").start(this::accept);
  }

  /** The port it listens on. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Drops every connection; new ones are closed as soon as they are accepted. */
  public void cut() {
    cut = true;
    for (Socket s : open) {
      close(s);
    }
    open.clear();
  }

  /** Relays new connections again. */
  public void mend() {
    cut = false;
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      if (cut) {
        close(client);
        continue;
      }
      try {
        Socket server = new Socket();
        server.connect(target, 2000);
        open.add(client);
        open.add(server);
        Thread.ofPlatform().daemon().start(() -> pipe(client, server));
        Thread.ofPlatform().daemon().start(() -> pipe(server, client));
      } catch (IOException e) {
        close(client);
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[16384];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side closed or the relay was cut: close both.
    } finally {
      close(from);
      close(to);
    }
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  @Override
  public void close() throws IOException {
    cut();
    listener.close();
  }
}
