package org.pae.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.pae.sim.replay.Pooling;

/**
 * The tasks of one barrier stage gathering messages over their own TCP connections: task 0 listens
 * on its executor's address ({@link BarrierTaskContext#getTaskInfos}; 127.0.0.1 in local mode),
 * tells the others its port through one {@link BarrierTaskContext#allGather}, and every other task
 * connects to it once. A gather is then each task's message to task 0 and every message back to
 * each: a round trip, where Spark's own barrier waits for its coordinator in sleeps of a second.
 *
 * <p>A task that fails closes its connections (or its executor's end closes them): the others' next
 * gather fails with an error that says so, and a task silent for longer than the timeout fails the
 * gather too. Either fails the stage; none waits for ever.
 */
final class TaskExchange implements Pooling, AutoCloseable {
  private final int replica;
  private final int replicas;
  private final Duration timeout;
  private final ServerSocket server;
  private final List<Link> links = new ArrayList<>();

  private record Link(int replica, Socket socket, DataInputStream in, DataOutputStream out) {
    static Link over(int replica, Socket socket, Duration timeout) throws IOException {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
      return new Link(
          replica,
          socket,
          new DataInputStream(new BufferedInputStream(socket.getInputStream())),
          new DataOutputStream(new BufferedOutputStream(socket.getOutputStream())));
    }
  }

  /** Connects the stage's tasks; every task of the stage calls it once, at its start. */
  static TaskExchange open(BarrierTaskContext task, Duration timeout) {
    String host = host(task.getTaskInfos()[task.partitionId()].address());
    int n = task.getTaskInfos().length;
    try {
      ServerSocket server = null;
      String mine = "";
      if (task.partitionId() == 0) {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(host), 0), n);
        mine = host + ":" + server.getLocalPort();
      }
      String hub = task.allGather(mine)[0];
      return new TaskExchange(task.partitionId(), n, timeout, server, hub);
    } catch (IOException e) {
      throw new IllegalStateException(
          "task " + task.partitionId() + " could not open the price exchange: " + e, e);
    }
  }

  private static String host(String address) {
    int colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.substring(0, colon);
  }

  TaskExchange(int replica, int replicas, Duration timeout, ServerSocket server, String hub)
      throws IOException {
    this.replica = replica;
    this.replicas = replicas;
    this.timeout = timeout;
    this.server = server;
    try {
      if (replica == 0) {
        server.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
        Link[] byReplica = new Link[replicas];
        for (int i = 1; i < replicas; i++) {
          Socket s = accept(i - 1);
          Link l = Link.over(-1, s, timeout);
          int from = l.in().readInt();
          byReplica[from] = new Link(from, l.socket(), l.in(), l.out());
        }
        for (int i = 1; i < replicas; i++) {
          links.add(byReplica[i]);
        }
      } else {
        int colon = hub.lastIndexOf(':');
        Socket s = new Socket();
        s.connect(
            new InetSocketAddress(
                hub.substring(0, colon), Integer.parseInt(hub.substring(colon + 1))),
            Math.toIntExact(Math.max(1, timeout.toMillis())));
        Link l = Link.over(0, s, timeout);
        l.out().writeInt(replica);
        l.out().flush();
        links.add(l);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private Socket accept(int connected) throws IOException {
    try {
      return server.accept();
    } catch (SocketTimeoutException e) {
      throw new IllegalStateException(
          "task 0 of the price exchange waited "
              + timeout
              + " for the other tasks to connect ("
              + connected
              + " of "
              + (replicas - 1)
              + " did)",
          e);
    }
  }

  @Override
  public int replica() {
    return replica;
  }

  @Override
  public List<byte[]> gather(byte[] mine) {
    Link at = null;
    try {
      List<byte[]> all = new ArrayList<>(replicas);
      if (replica == 0) {
        all.add(mine);
        for (Link l : links) {
          at = l;
          all.add(readFrame(l.in()));
        }
        for (Link l : links) {
          at = l;
          l.out().writeInt(all.size());
          for (byte[] m : all) {
            writeFrame(l.out(), m);
          }
          l.out().flush();
        }
      } else {
        at = links.getFirst();
        writeFrame(at.out(), mine);
        at.out().flush();
        int n = at.in().readInt();
        for (int i = 0; i < n; i++) {
          all.add(readFrame(at.in()));
        }
      }
      return all;
    } catch (IOException e) {
      close();
      throw failed(at, e);
    }
  }

  private RuntimeException failed(Link at, IOException e) {
    String other =
        at.replica() == 0 ? "task 0 (which gathers every task's)" : "task " + at.replica();
    if (e instanceof SocketTimeoutException) {
      return new IllegalStateException(
          "task "
              + replica
              + " of the price exchange heard nothing from "
              + other
              + " for "
              + timeout
              + " (spark.pae.exchangeTimeout): it is stuck or lost",
          e);
    }
    return new IllegalStateException(
        "task "
            + replica
            + " of the price exchange lost its connection to "
            + other
            + ": that task failed or its executor was lost ("
            + e
            + ")",
        e);
  }

  private static void writeFrame(DataOutputStream out, byte[] m) throws IOException {
    out.writeInt(m.length);
    out.write(m);
  }

  private static byte[] readFrame(DataInputStream in) throws IOException {
    byte[] m = new byte[in.readInt()];
    in.readFully(m);
    return m;
  }

  /** Closes every connection: the other tasks' next gather fails. */
  @Override
  public void close() {
    for (Link l : links) {
      try {
        l.socket().close();
      } catch (IOException e) {
        // closing: nothing more is sent on it
      }
    }
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        // closing: nothing more is accepted on it
      }
    }
  }
}
