package io.sluice.it.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** An entity whose ids come from a database sequence (a table that emulates one where there is none). */
@Entity
@Table(name = "it_sequence_event")
public class SequenceEvent extends EventBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "it_event_seq")
    @SequenceGenerator(name = "it_event_seq", sequenceName = "it_event_seq", allocationSize = 50)
    private Long id;
}
