package org.pae.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * The tasks of a barrier stage in local[2] gather over their own connections: every task gets every
 * task's message in task order, round after round; a task that dies mid-run or goes silent fails
 * the others' next gather with an error that says so, and the stage fails: nothing hangs.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TaskExchangeTest extends LocalSpark {
  /** How each task's run ended, by task (the tasks run in this JVM in local mode). */
  static final Map<Integer, String> ENDINGS = new ConcurrentHashMap<>();

  /** Released when the test is done with a task it holds silent. */
  static final CountDownLatch RELEASE = new CountDownLatch(1);

  /**
   * Each task sends its number and the round's for {@code rounds} rounds and keeps the sums of what
   * it gathered; task 1 fails after {@code dieAfter} rounds (never if negative), or stays silent
   * from then on if {@code silent}.
   */
  record Rounds(int rounds, int dieAfter, boolean silent, Duration timeout)
      implements Serializable {}

  static final class Run extends AbstractFunction1<Iterator<Integer>, Iterator<String>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Rounds plan;

    Run(Rounds plan) {
      this.plan = plan;
    }

    @Override
    public Iterator<String> apply(Iterator<Integer> ignored) {
      BarrierTaskContext task = BarrierTaskContext.get();
      int me = task.partitionId();
      List<String> out = new ArrayList<>();
      try (TaskExchange exchange = TaskExchange.open(task, plan.timeout())) {
        long sum = 0;
        for (int round = 0; round < plan.rounds(); round++) {
          if (me == 1 && round == plan.dieAfter()) {
            if (plan.silent()) {
              RELEASE.await();
            }
            throw new IllegalStateException("task 1 dies at round " + round);
          }
          List<byte[]> all =
              exchange.gather(ByteBuffer.allocate(8).putInt(me).putInt(round).array());
          for (int r = 0; r < all.size(); r++) {
            ByteBuffer m = ByteBuffer.wrap(all.get(r));
            assertThat(m.getInt()).isEqualTo(r);
            assertThat(m.getInt()).isEqualTo(round);
          }
          sum += all.size();
        }
        out.add(me + ":" + sum);
        ENDINGS.put(me, "done");
      } catch (RuntimeException | InterruptedException e) {
        ENDINGS.put(me, String.valueOf(e.getMessage()));
        throw new IllegalStateException(e.getMessage(), e);
      }
      return CollectionConverters.asScala(out.iterator());
    }
  }

  private static List<String> stage(Rounds plan) {
    RDD<String> rdd =
        sc().parallelize(List.of(0, 1), 2)
            .rdd()
            .barrier()
            .mapPartitions(new Run(plan), false, ClassTag$.MODULE$.apply(String.class));
    return new JavaRDD<>(rdd, ClassTag$.MODULE$.apply(String.class)).collect();
  }

  /** Waits (at most the class's timeout) until task {@code task} has ended. */
  private static String ending(int task) throws InterruptedException {
    while (!ENDINGS.containsKey(task)) {
      Thread.sleep(50);
    }
    return ENDINGS.get(task);
  }

  @Test
  void everyTaskGetsEveryMessageInTaskOrderRoundAfterRound() {
    ENDINGS.clear();
    assertThat(stage(new Rounds(2_000, -1, false, Duration.ofMinutes(1))))
        .containsExactly("0:4000", "1:4000");
  }

  @Test
  void aTaskThatDiesMidRunFailsTheOthersAndTheStage() throws InterruptedException {
    ENDINGS.clear();
    // The stage fails with the first failure the driver hears of: the dying task's, or task 0's
    // on losing it, whichever reaches the driver first.
    assertThatThrownBy(() -> stage(new Rounds(2_000, 500, false, Duration.ofMinutes(1))))
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .containsAnyOf(
                        "task 1 dies at round 500",
                        "task 0 of the price exchange lost its connection to task 1"));
    assertThat(ending(1)).isEqualTo("task 1 dies at round 500");
    assertThat(ending(0))
        .contains("task 0 of the price exchange lost its connection to task 1")
        .contains("that task failed or its executor was lost");
  }

  @Test
  void aTaskSilentForLongerThanTheTimeoutFailsTheStage() throws InterruptedException {
    ENDINGS.clear();
    try {
      assertThatThrownBy(() -> stage(new Rounds(2_000, 10, true, Duration.ofSeconds(2))))
          .hasMessageContaining("task 0 of the price exchange heard nothing from task 1 for PT2S");
      assertThat(ending(0)).contains("heard nothing from task 1");
    } finally {
      RELEASE.countDown();
    }
  }
}
