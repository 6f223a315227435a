-- Program expertise (SPEC §11, seed 000 «Экспертиза программы», seed 002 §3.1.11): an organization sends a program to
-- expertise; an expert «Взял в работу» — a lock: one expert per program and one program per expert at a time, which
-- the two unique keys of `expertise_locks` enforce, so that twenty experts pressing at once cannot all win; the expert
-- fills the expertise questionnaire and «Оценить» (the rating is kept, the lock released) or «Завершить без оценки»
-- (released). A lock left for days expires (housekeeping). A program has passed after enough ratings.
CREATE TABLE program_expertise (
    program_id uuid PRIMARY KEY REFERENCES programs (id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'passed')),
    sent_by uuid REFERENCES users (id) ON DELETE SET NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    passed_at timestamptz
);

CREATE TABLE expertise_locks (
    program_id uuid NOT NULL UNIQUE REFERENCES program_expertise (program_id) ON DELETE CASCADE,
    expert_id uuid NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    taken_at timestamptz NOT NULL DEFAULT now()
);

-- An expert's rating of a program: the expert sheet (a response of the expertise questionnaire, naming its version),
-- its score (the mean of its scale answers placed on 0–100; none without scale questions) and the expert's comment;
-- one per expert and program.
CREATE TABLE expert_ratings (
    program_id uuid NOT NULL REFERENCES program_expertise (program_id) ON DELETE CASCADE,
    expert_id uuid NOT NULL REFERENCES users (id),
    response_id uuid NOT NULL REFERENCES questionnaire_responses (id),
    score int CHECK (score BETWEEN 0 AND 100),
    comment text CHECK (length(comment) <= 4000),
    rated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (program_id, expert_id)
);
CREATE INDEX expert_ratings_expert ON expert_ratings (expert_id, rated_at DESC);
