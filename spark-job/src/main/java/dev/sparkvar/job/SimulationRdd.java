package dev.sparkvar.job;

import java.io.Serializable;

import dev.sparkvar.job.model.PathKernel;
import org.apache.spark.Dependency;
import org.apache.spark.Partition;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.Iterator$;
import scala.collection.Seq;
import scala.collection.immutable.Nil$;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * The simulation job's data: partition {@code p} is the range of simulation indexes {@code ranges[p]}, computed as
 * {@link SimulationRunner#packed} of every kernel, its one element. An RDD of its own rather than
 * {@code parallelize(ranges).map(...)}: Spark's closure cleaner reads the class that declared a map's function with
 * ASM at every job ({@code JavaRDD.map} wraps ours in a Scala function of {@code JavaPairRDD$}, a large class), and in
 * a warm pool's slot, whose one run is its first big job, C2 compiling that reader cost 0.6 core-s of the run's
 * {@code simulating} phase (JFR compilation events, bench/scale.sh). Here there is no function to clean.
 */
final class SimulationRdd extends RDD<Tuple2<Long, byte[][]>> {
    private static final long serialVersionUID = 1L;

    private final PathKernel[] kernels;
    private final long[][] ranges;

    @SuppressWarnings("unchecked")
    SimulationRdd(SparkContext sc, PathKernel[] kernels, long[][] ranges) {
        super(sc, (Seq<Dependency<?>>) (Seq<?>) Nil$.MODULE$, ClassTag$.MODULE$.apply(Tuple2.class));
        this.kernels = kernels;
        this.ranges = ranges;
    }

    @Override
    public Iterator<Tuple2<Long, byte[][]>> compute(Partition split, TaskContext context) {
        long[] range = ranges[split.index()];
        return Iterator$.MODULE$.single(new Tuple2<>(range[0], SimulationRunner.packed(kernels, range[0], range[1])));
    }

    @Override
    public Partition[] getPartitions() {
        Partition[] partitions = new Partition[ranges.length];
        for (int p = 0; p < partitions.length; p++) {
            partitions[p] = new Range(p);
        }
        return partitions;
    }

    /** A partition: its index says which range. */
    private record Range(int index) implements Partition {
    }

    /**
     * A partition's one element, as the job's function: a named class, not a lambda, so that the closure cleaner
     * has nothing to read either.
     */
    static final class Only extends AbstractFunction1<Iterator<Tuple2<Long, byte[][]>>, Tuple2<Long, byte[][]>>
            implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple2<Long, byte[][]> apply(Iterator<Tuple2<Long, byte[][]>> partition) {
            return partition.next();
        }
    }
}
