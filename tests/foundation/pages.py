"""Small pages written for the tests: an article with chrome and a comment thread."""

THREAD_PAGE = """5,000 $
10,000 $

Ministry Says Convoy Was Attacked Near Palmyra

Support Example Front

Click to see the full-size image

The defence ministry said on Tuesday that a humanitarian convoy was attacked near Palmyra, wounding about 12 drivers, according to a statement read by its spokesman.

The spokesman added that more than 30 trucks had been turned back and that the route would stay closed until further notice from the command.


Support Example Front


Notify of
Newest Most Voted
Inline Feedbacks
View all comments
Desert Fox

They always blame the other side, and nobody ever shows the photos of the trucks or the drivers.

It is the same story every spring when the roads open again.

Plain Observer

Could the convoy have taken the northern road instead of this one?


Great points!


Desert Fox

Nobody asked you, go read a real newspaper for once in your life.
"""

REPOST_PAGE = """Officials Report Heavy Fighting Around the Southern Crossing

Posted by EXAMPLE BLOG on

Local officials reported heavy fighting around the southern crossing on Sunday, saying that at least 40 fighters had been killed in the clashes that began before dawn.

They said the crossing would remain closed for trade and that aid agencies had been told to wait for a new schedule.

Related News

Second Report Says Aid Trucks Reached The Northern Villages

March 30, 2020 Staff Writer

A second report said aid trucks reached the northern villages late on Monday after a week of delays at the checkpoints.

Continue here

Talks On Water Supply Resume After A Month Of Silence

Translated by Staff

Negotiators met again on Wednesday to discuss the water supply of the eastern districts, a spokesman for the local council said.

The council said that the pumping station had been repaired and that deliveries would start again within ten days.

%d bloggers like this:
"""
