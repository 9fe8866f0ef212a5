package dev.sparkvar.testing;

import org.junit.platform.suite.api.ExcludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The first of the service's two test lanes: every test class (JUnit's default names: {@code *Tests}, {@code *Test},
 * {@code Test*}) but {@link SecondLane}'s. See {@link SecondLane} for why there are lanes and what keeps them apart.
 */
@Suite
@SelectPackages("dev.sparkvar")
@ExcludeClassNamePatterns(SecondLane.CLASSES)
public class FirstLane {
}
