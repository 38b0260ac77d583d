package io.sluice.it.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.TableGenerator;
import jakarta.persistence.Table;

/** An entity whose ids come from a table of counters that Hibernate reads and updates in its own transaction. */
@Entity
@Table(name = "it_table_event")
public class TableEvent extends EventBase {
    @Id
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "it_event_ids")
    @TableGenerator(name = "it_event_ids", table = "it_ids", allocationSize = 50)
    private Long id;
}
