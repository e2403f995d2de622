from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samenspel.audit.heads import exported_heads, last_exported_head
from samenspel.audit.proof import InclusionProof, NotProvableError, check, prove
from samenspel.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "Prove that an access event is in the sealed log: its inclusion proof (Merkle audit "
        "path to its seal's root), checked, and the seal checked in the keyed chain up to the "
        "exported head. --check FILE checks a saved proof without the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event_id", nargs="?", type=int, help="the access event's id")
        parser.add_argument("--output", help="write the proof (JSON) to this file")
        parser.add_argument("--check", metavar="FILE", help="check a saved proof")

    def handle(self, *args: object, **options: object) -> None:
        if options["check"]:
            self._check(Path(str(options["check"])))
            return
        if options["event_id"] is None:
            raise CommandError("Give an event id, or --check FILE.")
        event_id = int(str(options["event_id"]))
        try:
            proof = prove(event_id)
        except NotProvableError as error:
            raise CommandError(str(error)) from error
        except ValueError as error:
            raise CommandError(f"{error}: run verify_audit_log.") from error
        if not check(proof):
            raise CommandError(f"The proof of event {event_id} does not check out.")
        exported = last_exported_head()
        report = verify_chain(exported_head=exported)
        if not report.intact:
            raise CommandError(f"The access log does not verify: {report.problem}.")
        self.stdout.write(
            f"Event {event_id} is event {proof.index} of {proof.size} in seal {proof.seal_id} "
            f"(sealed {proof.sealed_at}), Merkle root {proof.merkle_root}; the audit path "
            f"({len(proof.path['path'])} hashes) leads to it."
        )
        if exported is not None and report.head is not None:
            self.stdout.write(
                f"Seal {proof.seal_id} is in the keyed chain up to the exported head, seal "
                f"{exported.seal_id}; the log verifies ({report.checked} events)."
            )
        else:
            self.stdout.write(
                f"No exported head to check against; the log verifies ({report.checked} events)."
            )
        if options["output"]:
            Path(str(options["output"])).write_text(proof.to_json() + "\n")
            self.stdout.write(f"Proof written to {options['output']}.")
        else:
            self.stdout.write(proof.to_json())

    def _check(self, path: Path) -> None:
        try:
            proof = InclusionProof.from_json(path.read_text())
        except (OSError, ValueError, TypeError) as error:
            raise CommandError(f"Not a readable proof: {error}") from error
        if not check(proof):
            raise CommandError(f"The proof of event {proof.event_id} does NOT check out.")
        self.stdout.write(
            f"The proof checks out: event {proof.event_id} is in the tree with root "
            f"{proof.merkle_root} (seal {proof.seal_id})."
        )
        head = exported_heads().get(proof.seal_id)
        if head is None:
            self.stdout.write(f"Seal {proof.seal_id} is not among the exported heads here.")
        elif head.merkle_root == proof.merkle_root and head.hash == proof.seal_hash:
            self.stdout.write(f"The exported head of seal {proof.seal_id} has the same root.")
        else:
            raise CommandError(
                f"The exported head of seal {proof.seal_id} has another root or hash: the proof "
                "does not belong to this log."
            )
