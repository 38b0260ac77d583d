package io.sluice.it.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entity whose ids come from an identity column, read back through generated keys. */
@Entity
@Table(name = "it_identity_event")
public class IdentityEvent extends EventBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
}
