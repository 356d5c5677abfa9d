package dev.d1export.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A team's own annotation: the orders snapshot, named, through the default URL. */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@D1Snapshot(name = "orders", tables = "orders")
@interface OrdersSnapshot {
}
