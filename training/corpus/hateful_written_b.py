"""Hand-written hateful sentences, whole, for immigrants, named migrants, disabled people, religious
people and Jews. Each sentence is its own frame."""

from __future__ import annotations

from training.corpus.grammar import written

HATEFUL_WRITTEN_B: dict[str, list[tuple[str, str]]] = {
    "immigrants": written("""
ex| fecha as fronteiras e deporta todo mundo que entrou sem papel
st| imigrante só vem pra cá pra mamar no sus
th| esses refugiados vão ver o que é bom quando a gente se organizar
dh| imigrante é que nem enchente, quando entra não sai mais
hq| por que a gente tem que sustentar estrangeiro se falta tudo pros brasileiros?
di| o bairro ficou cheio de estrangeiro, agora nem saio mais à noite
ho| acho que imigrante não devia ter direito a nada, nem a escola
dx| refugiado é tudo vagabundo fingindo miséria
hj| qual a diferença entre um imigrante e um carrapato? o carrapato uma hora cai kkkk
sl| gringo sujo tem que ser tratado como praga
ex| empresa que contrata estrangeiro antes de brasileiro tinha que ser multada
st| refugiado traz doença, é só ver o posto de saúde lotado
th| se depender de mim, imigrante ilegal sai daqui algemado ou no caixão
di| brasileiro passando fome e o governo dando casa pra gringo
dh| os estrangeiros chegam igual rato de navio
hq| quem convidou esses imigrantes? ninguém
dx| esses imigrantes são a escória dos países deles
ho| sou a favor de muro na fronteira, igual os americanos
ex| imigrante tinha que ser proibido de votar e de abrir empresa
st| estrangeiro pobre só vem pra cá pra roubar
hj| o brasil virou a casa da sogra do mundo, entra quem quer kkkk
di| meu filho tem três colegas estrangeiros na sala, já pedi transferência
dh| imigrante ilegal é tipo praga de lavoura, tem que pulverizar
th| tô esperando o dia que vão fazer uma limpeza nessas ocupações de imigrantes
dx| gringo pobre é a pior espécie que tem
ex| manda esses refugiados pra outro país, aqui já tá cheio
st| todo imigrante trabalha por mixaria e estraga o salário do brasileiro
hq| pq dar documento pra estrangeiro que nem fala português?
sl| esses forasteiros imundos acham que aqui é a casa deles
ho| na minha opinião, refugiado tinha que viver em campo fechado até voltar pro país dele
di| olha o tanto de estrangeiro no centro, parece que a gente tá em outro país, que tristeza
dx| imigrante é lixo que os outros países jogaram pra cá
"""),
    "named_migrants": written("""
th| queima os barracos dos venezuelanos em pacaraima de novo, foi pouco da primeira vez
st| haitiano fede, não adianta
dx| boliviano só presta pra costurar de graça no porão
ex| manda todo venezuelano de volta de ônibus, roraima não é abrigo de ninguém
dh| venezuelano no sinal parece pombo, você dá uma migalha e vem cem
hq| por que os haitianos não voltam pro país deles? lá não tem nada pra eles?
sl| bolita no semáforo de novo, sai da frente do meu carro
di| meu condomínio alugou pra uma família venezuelana, já tô vendendo o apê
ho| acho que o brasil errou feio em aceitar haitiano, só trouxe problema
hj| o haitiano pediu emprego e eu dei: limpar meu sapato kkkkk
th| se esses venezuelanos continuarem dormindo na praça vão acordar com a praça pegando fogo
st| boliviano é tudo baixinho e ignorante
ex| tinha que deportar todos os venezuelanos de boa vista
dx| senegalês vendendo relógio falso é a praga do centro
dh| haitiano parece carvão com perna
hq| alguém sabe se boliviano toma banho? pergunto pq no bairro é um cheiro só
di| ah, é boliviano? então deve ser da oficina de costura clandestina
ho| venezuelano tinha que ficar preso no abrigo até voltar pra lá
st| angolano que vem estudar aqui só vem traficar
hj| o que falta pro haitiano? um terremoto de verdade kkkkk
sl| esses bolivianos imundos estragaram o brás inteiro
ex| nenhum haitiano devia receber visto, nem um
th| galera, bora expulsar esses venezuelanos da rodoviária, na marra se precisar
dh| boliviano é raça de índio misturado com coisa pior
di| contratei uma venezuelana de diarista e sumiu um anel, claro né
dx| haitiana é tudo feia e fedida
st| venezuelana só vem pra cá se prostituir
hq| quem aguenta morar perto de boliviano? música alta e sujeira
ho| o melhor que o governo podia fazer é mandar os haitianos de volta de navio
ex| comércio de senegalês na calçada tinha que ser proibido e os caras presos
di| lá vem o haitiano pedir emprego de novo, nem abre a porta
dx| venezuelano é a escória da américa do sul
"""),
    "disabled": written("""
dx| autismo é só falta de limite, uma boa educação resolvia
ex| vaga de deficiente é desperdício de espaço, ninguém usa
ho| pra mim criança com síndrome de down não devia estudar com as crianças normais
hq| pra que a empresa é obrigada a contratar deficiente? só atrapalha
dh| parece um vegetal, só ocupa espaço
hj| o cadeirante sempre chega primeiro na fila né, veio de rodinha kkkkk
sl| débil mental tinha que ficar trancado em casa
st| surdo finge que não ouve quando convém
di| nossa, ele é autista mas nem parece, até que é normal
th| se esse inválido ficar na minha frente de novo eu empurro a cadeira escada abaixo
dx| deficiente só serve pra dar gasto pro governo
ex| criança autista atrapalha a sala inteira, tinha que ter escola separada
dh| esses mongóis parecem bicho babando
hq| por que cego quer ir em cinema? vai fazer o que lá?
st| toda família que tem deficiente vive de benefício
ho| não acho justo meu imposto pagar remédio de quem nunca vai trabalhar
di| ela é cadeirante mas é bonita, dá pra namorar
sl| inválido pra mim não é gente completa
dx| autista adulto é só um chato que ganhou laudo
ex| pcd não devia ter cota em concurso, tira vaga de quem é capaz
th| o dia que esse mongol falar comigo de novo vai levar um tapa
hj| qual a brincadeira favorita do cego? esconde-esconde kkkkk
dh| pessoa com deficiência mental é tipo um animal de estimação que cresce
st| autismo virou modinha, todo mundo agora quer ter laudo pra ganhar coisa
hq| pra que gastar com rampa se cadeirante nem sai de casa?
ho| sou sincero, não quero deficiente trabalhando no meu time
di| coitado, além de surdo ainda é feio
ex| cadeirante não devia poder ir em show, atrapalha a galera
dx| débil mental tem que ficar internado e pronto
st| todo surdo é meio lento da cabeça
di| se meu filho nascer assim eu devolvo pro hospital
"""),
    "religious": written("""
dx| religioso é tudo burro, acredita em homem invisível no céu
ho| religião é doença mental coletiva e devia ser tratada como tal
ex| tinha que proibir qualquer religião de existir, resolvia metade dos problemas do mundo
st| padre é tudo pedófilo, todo mundo sabe
hq| como alguém com mais de 10 anos ainda acredita em deus? só sendo muito burro
dh| cristão é gado, segue o padre igual boi indo pro matadouro
hj| católico é igual barata de sacristia: some quando acende a luz e volta quando ninguém tá olhando
sl| essas beatas de igreja deviam ser trancadas junto com os santos delas
th| se essa carola bater na minha porta de novo pra falar de deus vai levar um balde de água
di| ah, é religioso? então nem vou discutir, não adianta argumentar com quem não pensa
ex| pessoa religiosa não devia poder dar aula de ciência
st| espírita é tudo charlatão que ganha dinheiro com o sofrimento dos outros
dx| fiel de igreja é o tipo mais idiota de gente que existe
ho| quem tem fé tem preguiça de pensar, simples
hq| pq quem acredita em deus tem direito a voto se nem consegue pensar sozinho?
dh| religioso é vírus, contamina os filhos e os netos
th| um dia a gente ainda vai queimar todas essas igrejas, católica primeiro
sl| papa-hóstia hipócrita, vai rezar e me deixa em paz
di| é católica? então deve ser contra tudo que é moderno
ex| tinha que taxar e depois fechar todas as paróquias
st| católico só lembra de deus na hora do aperto
dx| cristão é a praga mais antiga da humanidade
hj| pra que serve um católico? pra lotar a igreja no natal e sumir o resto do ano kkkkk
ho| pra mim religioso tinha que ser impedido de ter cargo público
hq| quem leva a sério alguém que conversa com santo de gesso?
dx| gente de fé é tudo falsa, reza de manhã e pisa nos outros à tarde
di| meu chefe é religioso, por isso a empresa é tão atrasada
th| cristão bom é cristão na arena com os leões kkkk
st| todo religioso é intolerante, não tem um que preste
ex| devia ser proibido levar criança na missa, é lavagem cerebral
dh| os fiéis parecem zumbis saindo da missa
"""),
    "jews": written("""
st| judeu não dá ponto sem nó, sempre tem dinheiro no meio
ho| hitler tinha razão em alguma coisa, não vou mentir
dx| judeu é a raça mais gananciosa da terra
hq| quem controla os bancos do mundo? pois é, sempre os mesmos
th| tinha que terminar o serviço que começaram na alemanha
di| sobrenome terminado em berg? já sei quem manda ali
ho| o holocausto foi exagerado, os números são inventados
ex| judeu não devia poder ter cargo no governo, eles têm outra lealdade
hj| por que o judeu não vai na praia? medo de ver moeda rolando na areia e não conseguir pegar kkkk
st| os judeus compraram a imprensa inteira
dh| judeus são parasitas que vivem do trabalho dos outros
sl| esses judeuzinhos da faria lima mandam no país
di| o cara é pão-duro demais, deve ser judeu kkkk
ex| boicote a tudo que é loja de judeu no bom retiro
dx| nojo de judeu, vive posando de vítima
th| se eu vir kipá na rua vou arrancar na porrada
hq| pq todo banqueiro tem sobrenome judeu? coincidência?
st| judeu só casa com judeu pra manter o dinheiro na família
ho| cada judeu aqui é cúmplice do que acontece em gaza
dh| os judeus são um câncer que se espalha no mundo todo
di| essa sinagoga nova no bairro vai trazer só gente estranha
ex| deviam fechar todas as escolas judaicas, lá é onde ensinam a dominar
hj| judeu quando morre pede desconto no caixão kkkkk
dx| raça de agiota e traidor
st| a família rothschild manda em todos os governos, e todo judeu sabe disso
hq| vc confiaria seu dinheiro a um judeu? nem eu kkk
th| a próxima vez vai ser pior pra eles, podem esperar
sl| judeuzada mandando e desmandando no mercado financeiro
di| ah, ele é judeu? então ele tá nessa pelo dinheiro, claro
ho| o mundo tava melhor antes de 1948, pelo menos não tinha tanto judeu mandando
dh| judeu é rato de esgoto, sempre foi
ex| tinha que expulsar os judeus do brasil igual fizeram em portugal
"""),
}
