"""Pure reading of dialogue text: numbers, answers, speaker labels, echoes, repetition, leaks.

Both the turn guards (``boost_qa.dialogue.guards``, while a dialogue is written) and the quality
flags (``boost_qa.stats``, on a finished release) use these functions, so a turn is judged the
same way in both places. Nothing here imports the rest of boost_qa.
"""
